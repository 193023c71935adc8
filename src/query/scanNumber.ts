import { quoteExcerpt } from "./quoteExcerpt.js";
import type { QueryLanguage } from "./QueryLanguage.js";
import { syntaxError } from "./syntaxError.js";

// JSON number syntax (RFC 8259 §6); the minus sign is part of the literal.
const JSON_NUMBER = /-?(0|[1-9][0-9]*)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?/y;
const RUN = /[-+.0-9A-Za-z_]*/y;
// PostgreSQL numeric: up to 131072 digits before the decimal point and 16383 after; beyond that the
// ::jsonb cast fails with "value overflows numeric format", so such literals are rejected here.
const MAX_INTEGER_DIGITS = 131072;
const MAX_SCALE = 16383;
const MAX_EXPONENT = 1_000_000;

/**
 * Scans a number literal at `start` (a digit, or "-" followed by one) and returns the offset just
 * past it. The literal must end at a delimiter: `1abc` or `01` is an error, not `1` followed by `abc`.
 */
export function scanNumber(input: string, start: number, language: QueryLanguage): number {
  JSON_NUMBER.lastIndex = start;
  const match = JSON_NUMBER.exec(input);
  const matched = match?.[0] ?? "";
  RUN.lastIndex = start + matched.length;
  const rest = RUN.exec(input)?.[0] ?? "";
  if (match === null || rest !== "") {
    throw syntaxError(language, input, start, {
      expected: "a number in JSON syntax such as 3, -1.5 or 2.5e10",
      found: quoteExcerpt(matched + rest),
      hint: match !== null && /[A-Za-z_]/.test(rest) ? `Quote text that starts with a digit: "${matched + rest}".` : undefined,
    });
  }
  if (!fitsPostgresNumeric(match[1] ?? "0", match[2] ?? "", match[3] ?? "0")) {
    throw syntaxError(language, input, start, {
      expected: `a number PostgreSQL can store (at most ${MAX_INTEGER_DIGITS} digits before the decimal point and ${MAX_SCALE} after)`,
      found: quoteExcerpt(matched),
    });
  }
  return start + matched.length;
}

function fitsPostgresNumeric(integer: string, fraction: string, exponentText: string): boolean {
  const exponent = Number(exponentText);
  if (!(Math.abs(exponent) <= MAX_EXPONENT)) return false;
  if (fraction.length - exponent > MAX_SCALE) return false;
  const digits = integer + fraction;
  const firstSignificant = digits.search(/[1-9]/);
  if (firstSignificant === -1) return true;
  return integer.length + exponent - firstSignificant <= MAX_INTEGER_DIGITS;
}
