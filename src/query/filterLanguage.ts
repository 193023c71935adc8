import type { QueryLanguage } from "./QueryLanguage.js";

export const filterLanguage: QueryLanguage = {
  reason: "INVALID_FILTER",
  field: "filter",
  example: 'status = "active" AND priority >= 3',
  tokenStart: "a path, a value, an operator, AND, OR, NOT or a parenthesis",
  digitsStartNumbers: true,
};
