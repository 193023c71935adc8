import type { WireError } from "../errors/WireError.js";
import type { ComparisonOperator } from "./FilterExpr.js";
import { quoteExcerpt } from "./quoteExcerpt.js";
import type { QueryLanguage } from "./QueryLanguage.js";
import { scanNumber } from "./scanNumber.js";
import { scanPath } from "./scanPath.js";
import { scanString } from "./scanString.js";
import { syntaxError, type SyntaxProblem } from "./syntaxError.js";
import type { Token } from "./Token.js";

const OPERATORS: readonly (ComparisonOperator | ":")[] = ["!=", "<=", ">=", "=", "<", ">", ":"];
const PUNCTUATION = new Set(["(", ")", "*", "-", ","] as const);
const WORD_START = /[A-Za-z0-9_`]/;
const WHITESPACE = /[ \t\r\n]/;
const CHARACTER_HINTS: Readonly<Record<string, string>> = {
  "!": 'Write != for "not equal", and NOT or - to negate.',
  "&": "Write AND between conditions.",
  "|": "Write OR between conditions.",
};

// A literal where a field should be (`1e+2`, `2.5`): taken whole, so the parser can refuse it by name.
const LITERAL_RUN = /[-+.0-9A-Za-z_]*/y;

function scanLiteralRun(input: string, start: number): number {
  LITERAL_RUN.lastIndex = start;
  return start + (LITERAL_RUN.exec(input)?.[0].length ?? 0);
}

/**
 * Tokenizes on demand, one token of lookahead, so that the first error the user sees is the
 * leftmost one. After a comparison operator a digit or "-digit" starts a number. Elsewhere "-" is
 * AIP-160 negation, and digits are a path segment after a dot (`items.0`) or, where a filter expects
 * a field, a literal the parser refuses by name (`1 > 0`).
 */
export class TokenStream {
  readonly input: string;
  readonly language: QueryLanguage;
  #offset = 0;
  #peeked: Token | undefined;
  #previous: Token | undefined;
  #valueNext = false;

  constructor(input: string, language: QueryLanguage) {
    this.input = input;
    this.language = language;
  }

  /** The last token taken by next(), if any. */
  get previous(): Token | undefined {
    return this.#previous;
  }

  peek(): Token {
    this.#peeked ??= this.#scan();
    return this.#peeked;
  }

  next(): Token {
    const token = this.peek();
    this.#peeked = undefined;
    this.#previous = token;
    return token;
  }

  /**
   * Reads the next token as a value even though no operator precedes it: inside the parentheses of
   * a parenthesised value (`foo >= (-2.4)`), where "-2" is a number, not a negation.
   */
  expectValue(): void {
    if (this.#peeked === undefined) this.#valueNext = true;
  }

  /** A syntax error at `token`; `found` defaults to the token itself. */
  error(token: Token, problem: Omit<SyntaxProblem, "found"> & { found?: string }): WireError {
    return syntaxError(this.language, this.input, token.start, { found: quoteExcerpt(token.text), ...problem });
  }

  #scan(): Token {
    const input = this.input;
    let start = this.#offset;
    while (start < input.length && WHITESPACE.test(input.charAt(start))) start++;
    const c = input.charAt(start);
    const span = (end: number) => {
      this.#offset = end;
      return { start, end, text: input.slice(start, end) };
    };
    if (start >= input.length) return { kind: "end", ...span(start) };
    const afterOperator = this.#previous?.kind === "operator" || this.#valueNext;
    this.#valueNext = false;
    if (afterOperator && /[0-9]/.test(c)) return { kind: "number", ...span(scanNumber(input, start, this.language)) };
    if (this.language.digitsStartNumbers && /[0-9]/.test(c)) return { kind: "number", ...span(scanLiteralRun(input, start)) };
    if (afterOperator && c === "-" && /[0-9]/.test(input.charAt(start + 1))) {
      return { kind: "number", ...span(scanNumber(input, start, this.language)) };
    }
    if (c === '"' || c === "'") {
      const { value, end, leadingStar, trailingStar } = scanString(input, start, this.language);
      return { kind: "string", value, leadingStar, trailingStar, ...span(end) };
    }
    if (WORD_START.test(c)) {
      const { segments, end, bare } = scanPath(input, start, this.language);
      return { kind: "path", segments, bare, ...span(end) };
    }
    const operator = OPERATORS.find((op) => input.startsWith(op, start));
    if (operator !== undefined) return { kind: "operator", operator, ...span(start + operator.length) };
    for (const punctuation of PUNCTUATION) {
      if (c === punctuation) return { kind: punctuation, ...span(start + 1) };
    }
    const character = String.fromCodePoint(input.codePointAt(start) ?? 0);
    throw syntaxError(this.language, input, start, {
      expected: afterOperator ? "a value (a string, a number, true, false or null)" : this.language.tokenStart,
      found: quoteExcerpt(character),
      hint: CHARACTER_HINTS[c] ?? (/[^\x00-\x7f]/.test(c) ? "Put keys with other characters in backticks, e.g. `first name`." : undefined),
    });
  }
}
