import type { WireError } from "../errors/WireError.js";
import { queryError } from "./queryError.js";
import type { QueryLanguage } from "./QueryLanguage.js";

/** A filter or order_by beyond one of queryLimits; `sentence` names the limit and its value. */
export function limitError(
  language: QueryLanguage,
  input: string,
  offset: number,
  sentence: string,
  limit: number,
): WireError {
  return queryError(language, input, offset, sentence, { limit });
}
