/** A path into the `data` document: "owner.name", or segments when a key holds a dot: ["a.b", 0]. */
export type FieldPath = string | readonly (string | number)[];

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const INDEX = /^[0-9]+$/;
// A lone unquoted segment spelled like a keyword would be read as the keyword (docs/filters.md).
const KEYWORD = /^(and|or|not|asc|desc|true|false|null)$/i;

/**
 * Writes a path in the filter and order_by syntax: plain segments as they are, any other key in
 * backticks with ` and \ escaped, the only escapes a quoted key has.
 */
export function formatPath(path: FieldPath): string {
  const segments = typeof path === "string" ? path.split(".") : path;
  if (segments.length === 0) throw new TypeError("a path needs at least one segment");
  return segments
    .map((segment, position) => {
      if (typeof segment === "number") {
        if (!Number.isSafeInteger(segment) || segment < 0) throw new RangeError(`array index ${segment} must be a whole number ≥ 0`);
        return String(segment);
      }
      // A filter reads leading digits as a number (`1 > 0`), so a first segment of digits is quoted.
      const plain = (NAME.test(segment) || (position > 0 && INDEX.test(segment))) && !(segments.length === 1 && KEYWORD.test(segment));
      return plain ? segment : `\`${segment.replace(/[\\`]/g, (c) => `\\${c}`)}\``;
    })
    .join(".");
}
