const MAX_CODE_POINTS = 40;

/**
 * A piece of user input for an error message: double-quoted with JSON escapes (so a newline or a
 * quote cannot break the message) and cut to 40 code points, so errors never echo a whole filter.
 * The empty string is the end of the input.
 */
export function quoteExcerpt(text: string): string {
  if (text === "") return "end of input";
  const codePoints = Array.from(text);
  const cut = codePoints.length > MAX_CODE_POINTS ? `${codePoints.slice(0, MAX_CODE_POINTS).join("")}…` : text;
  return JSON.stringify(cut);
}
