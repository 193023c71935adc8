import { WireError } from "../errors/WireError.js";
import { columnOf } from "./columnOf.js";
import type { QueryLanguage } from "./QueryLanguage.js";

/** The WireError of a bad filter or order_by, pointing at the column of `offset`. */
export function queryError(
  language: QueryLanguage,
  input: string,
  offset: number,
  sentence: string,
  metadata: Readonly<Record<string, string | number>>,
): WireError {
  const column = columnOf(input, offset);
  const description = `column ${column}: ${sentence}`;
  return new WireError(language.reason, `invalid ${language.field} at ${description}`, {
    metadata: { column, ...metadata },
    fieldViolations: [{ field: language.field, description }],
  });
}
