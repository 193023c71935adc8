import type { WireError } from "../errors/WireError.js";
import { quoteExcerpt } from "./quoteExcerpt.js";
import type { QueryLanguage } from "./QueryLanguage.js";
import { syntaxError } from "./syntaxError.js";

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

const ESCAPES_EXPECTED = "an escape sequence: \\\" \\' \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX";

/**
 * Scans a string literal in double or single quotes starting at `start` (the quote), decoding the
 * JSON escapes plus \' (AIP-160 allows both quote styles). Returns the decoded value and the offset
 * just past the closing quote.
 */
export function scanString(input: string, start: number, language: QueryLanguage): { value: string; end: number } {
  const quote = input.charAt(start);
  let value = "";
  let i = start + 1;
  for (;;) {
    if (i >= input.length) {
      throw syntaxError(language, input, start, {
        expected: `a closing ${quote} for the string that starts here`,
        found: "end of input",
      });
    }
    const c = input.charAt(i);
    if (c === quote) return { value, end: i + 1 };
    if (c !== "\\") {
      value += c;
      i++;
      continue;
    }
    const escape = input.charAt(i + 1);
    const simple = SIMPLE_ESCAPES[escape];
    if (simple !== undefined) {
      value += simple;
      i += 2;
    } else if (escape === "u") {
      const decoded = scanUnicodeEscape(input, i, language);
      value += decoded.text;
      i = decoded.end;
    } else {
      throw syntaxError(language, input, i, { expected: ESCAPES_EXPECTED, found: quoteExcerpt(input.slice(i, i + 2)) });
    }
  }
}

/** \uXXXX, or a surrogate pair \uD83D\uDE00; a lone surrogate is not text jsonb accepts. */
function scanUnicodeEscape(input: string, at: number, language: QueryLanguage): { text: string; end: number } {
  const high = hexUnit(input, at, language);
  if (high === 0) {
    throw syntaxError(language, input, at, {
      expected: "a character other than U+0000",
      found: quoteExcerpt(input.slice(at, at + 6)),
      hint: "PostgreSQL cannot store U+0000 in text or jsonb.",
    });
  }
  if (high >= 0xdc00 && high <= 0xdfff) throw unpaired(input, at, 6, language);
  if (high < 0xd800 || high > 0xdbff) return { text: String.fromCharCode(high), end: at + 6 };
  if (input.slice(at + 6, at + 8) !== "\\u") throw unpaired(input, at, 6, language);
  const low = hexUnit(input, at + 6, language);
  if (low < 0xdc00 || low > 0xdfff) throw unpaired(input, at, 12, language);
  return { text: String.fromCharCode(high, low), end: at + 12 };
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
