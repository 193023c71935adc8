import type { Token } from "./Token.js";

/** Whether `token` is an unquoted single-segment path spelled exactly as one of `words`. */
export function isBareWord(token: Token, ...words: readonly string[]): boolean {
  return token.kind === "path" && token.bare && words.includes(token.text);
}
