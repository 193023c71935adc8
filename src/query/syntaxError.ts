import type { WireError } from "../errors/WireError.js";
import { queryError } from "./queryError.js";
import type { QueryLanguage } from "./QueryLanguage.js";

export interface SyntaxProblem {
  /** What the grammar allows here, e.g. `a value after "="`. */
  readonly expected: string;
  /** What is there instead, already quoted by quoteExcerpt (or "end of input"). */
  readonly found: string;
  /** A full sentence suggesting the fix, when the mistake is a common one. */
  readonly hint?: string | undefined;
}

/** `invalid filter at column 14: expected a value after "=", found end of input. Example: …` */
export function syntaxError(language: QueryLanguage, input: string, offset: number, problem: SyntaxProblem): WireError {
  const hint = problem.hint === undefined ? "" : ` ${problem.hint}`;
  const sentence = `expected ${problem.expected}, found ${problem.found}.${hint} Example: ${language.example}`;
  return queryError(language, input, offset, sentence, { expected: problem.expected, found: problem.found });
}
