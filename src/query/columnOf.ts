/**
 * The 1-based column of a UTF-16 offset, counted in Unicode code points so that an emoji earlier in
 * the input moves the column by one, as the user sees it.
 */
export function columnOf(input: string, offset: number): number {
  let column = 1;
  for (let i = 0; i < offset; i++) {
    const unit = input.charCodeAt(i);
    const pairsWithNext = unit >= 0xd800 && unit <= 0xdbff && i + 1 < offset && isLowSurrogate(input.charCodeAt(i + 1));
    if (pairsWithNext) i++;
    column++;
  }
  return column;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
