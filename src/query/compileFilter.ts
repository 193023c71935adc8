import { compileComparison } from "./compileComparison.js";
import type { FilterExpr } from "./FilterExpr.js";
import type { SqlParams } from "./SqlParams.js";

/**
 * A filter as one parenthesised SQL condition over `dataExpr` (a jsonb expression), binding every
 * value and path segment into `params`.
 *
 * NOT is `(… is not true)` rather than SQL NOT: a comparison on a missing path is NULL, and SQL NOT
 * keeps NULL, so `NOT status = "done"` would drop rows without a status. AND and OR need no such
 * care: a WHERE treats NULL as false, and both are monotone, so NULL and false give the same rows.
 */
export function compileFilter(expr: FilterExpr, dataExpr: string, params: SqlParams): string {
  switch (expr.kind) {
    case "and":
      return `(${expr.operands.map((operand) => compileFilter(operand, dataExpr, params)).join(" and ")})`;
    case "or":
      return `(${expr.operands.map((operand) => compileFilter(operand, dataExpr, params)).join(" or ")})`;
    case "not":
      return `(${compileFilter(expr.operand, dataExpr, params)} is not true)`;
    default:
      return compileComparison(expr, dataExpr, params);
  }
}
