import type { QueryLanguage } from "./QueryLanguage.js";

export const orderByLanguage: QueryLanguage = {
  reason: "INVALID_ORDER_BY",
  field: "order_by",
  example: "priority desc, owner.name",
  tokenStart: 'a path, "asc", "desc" or ","',
  digitsStartNumbers: false,
};
