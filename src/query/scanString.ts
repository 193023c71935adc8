import type { WireError } from "../errors/WireError.js";
import { quoteExcerpt } from "./quoteExcerpt.js";
import type { QueryLanguage } from "./QueryLanguage.js";
import { syntaxError } from "./syntaxError.js";

// CEL's escapes (AIP-160 takes its strings from CEL), plus JSON's \/ and our \* (a literal star).
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  "`": "`",
  "\\": "\\",
  "/": "/",
  "?": "?",
  "*": "*",
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};

const ESCAPES_EXPECTED =
  "an escape sequence: \\\" \\' \\` \\\\ \\/ \\? \\* \\a \\b \\f \\n \\r \\t \\v, \\ooo (octal), \\xHH, \\uXXXX or \\UXXXXXXXX";

export interface ScannedString {
  /** The decoded text, without the wildcard stars at its ends. */
  readonly value: string;
  /** Offset just past the closing quote. */
  readonly end: number;
  /** Whether unescaped `*` opened / closed the string: AIP-160 wildcards (`"*@example.com"`, `"Ada*"`). */
  readonly leadingStar: boolean;
  readonly trailingStar: boolean;
}

/**
 * Scans a string literal in double or single quotes starting at `start` (the quote), decoding CEL's
 * escapes. An unescaped `*` at either end is a wildcard and is reported apart from the value; a `*`
 * anywhere else, or written `\*`, is a literal star.
 */
export function scanString(input: string, start: number, language: QueryLanguage): ScannedString {
  const quote = input.charAt(start);
  const pieces: { text: string; star: boolean }[] = [];
  let i = start + 1;
  for (;;) {
    if (i >= input.length) {
      throw syntaxError(language, input, start, {
        expected: `a closing ${quote} for the string that starts here`,
        found: "end of input",
      });
    }
    const c = input.charAt(i);
    if (c === quote) return assemble(pieces, i + 1);
    if (c !== "\\") {
      pieces.push({ text: c, star: c === "*" });
      i++;
      continue;
    }
    const decoded = scanEscape(input, i, language);
    pieces.push({ text: decoded.text, star: false });
    i = decoded.end;
  }
}

function assemble(pieces: readonly { text: string; star: boolean }[], end: number): ScannedString {
  let first = 0;
  while (first < pieces.length && pieces[first]!.star) first++;
  let last = pieces.length;
  while (last > first && pieces[last - 1]!.star) last--;
  const value = pieces.slice(first, last).map((piece) => piece.text).join("");
  return { value, end, leadingStar: first > 0, trailingStar: last < pieces.length || (first > 0 && last === first) };
}

function scanEscape(input: string, at: number, language: QueryLanguage): { text: string; end: number } {
  const escape = input.charAt(at + 1);
  const simple = SIMPLE_ESCAPES[escape];
  if (simple !== undefined) return { text: simple, end: at + 2 };
  if (/[0-3]/.test(escape)) return codePoint(input, at, /^[0-3][0-7]{2}$/, input.slice(at + 1, at + 4), 8, at + 4, language);
  if (escape === "x" || escape === "X") return codePoint(input, at, /^[0-9A-Fa-f]{2}$/, input.slice(at + 2, at + 4), 16, at + 4, language);
  if (escape === "U") return codePoint(input, at, /^[0-9A-Fa-f]{8}$/, input.slice(at + 2, at + 10), 16, at + 10, language);
  if (escape === "u") return scanUnicodeEscape(input, at, language);
  throw syntaxError(language, input, at, { expected: ESCAPES_EXPECTED, found: quoteExcerpt(input.slice(at, at + 2)) });
}

/** \ooo, \xHH and \UXXXXXXXX name a code point, as in CEL strings (`"\303\277"` is "Ã¿", not "ÿ"). */
function codePoint(
  input: string,
  at: number,
  digits: RegExp,
  text: string,
  radix: number,
  end: number,
  language: QueryLanguage,
): { text: string; end: number } {
  if (!digits.test(text)) {
    const prefix = radix === 8 ? 1 : 2;
    throw syntaxError(language, input, at, {
      expected: ESCAPES_EXPECTED,
      found: quoteExcerpt(input.slice(at, at + prefix + text.search(radix === 8 ? /[^0-7]|$/ : /[^0-9A-Fa-f]|$/))),
    });
  }
  const value = Number.parseInt(text, radix);
  if (value === 0) throw nul(input, at, end, language);
  if (value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) {
    throw syntaxError(language, input, at, {
      expected: "a Unicode code point (at most 10FFFF, not a surrogate)",
      found: quoteExcerpt(input.slice(at, end)),
    });
  }
  return { text: String.fromCodePoint(value), end };
}

/** \uXXXX, or a surrogate pair \uD83D\uDE00; a lone surrogate is not text jsonb accepts. */
function scanUnicodeEscape(input: string, at: number, language: QueryLanguage): { text: string; end: number } {
  const high = hexUnit(input, at, language);
  if (high === 0) throw nul(input, at, at + 6, language);
  if (high >= 0xdc00 && high <= 0xdfff) throw unpaired(input, at, 6, language);
  if (high < 0xd800 || high > 0xdbff) return { text: String.fromCharCode(high), end: at + 6 };
  if (input.slice(at + 6, at + 8) !== "\\u") throw unpaired(input, at, 6, language);
  const low = hexUnit(input, at + 6, language);
  if (low < 0xdc00 || low > 0xdfff) throw unpaired(input, at, 12, language);
  return { text: String.fromCharCode(high, low), end: at + 12 };
}

function nul(input: string, at: number, end: number, language: QueryLanguage): WireError {
  return syntaxError(language, input, at, {
    expected: "a character other than U+0000",
    found: quoteExcerpt(input.slice(at, end)),
    hint: "PostgreSQL cannot store U+0000 in text or jsonb.",
  });
}

function hexUnit(input: string, at: number, language: QueryLanguage): number {
  const hex = input.slice(at + 2, at + 6);
  if (!/^[0-9A-Fa-f]{4}$/.test(hex)) {
    throw syntaxError(language, input, at, {
      expected: "four hexadecimal digits after \\u",
      found: quoteExcerpt(input.slice(at, at + 6)),
    });
  }
  return Number.parseInt(hex, 16);
}

function unpaired(input: string, at: number, length: number, language: QueryLanguage): WireError {
  return syntaxError(language, input, at, {
    expected: "a complete surrogate pair such as \\uD83D\\uDE00",
    found: quoteExcerpt(input.slice(at, at + length)),
  });
}
