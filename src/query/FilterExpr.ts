import type { FilterValue } from "./FilterValue.js";
import type { Path } from "./Path.js";

export type ComparisonOperator = "=" | "!=" | "<" | "<=" | ">" | ">=";

/**
 * A parsed filter (docs/filters.md). AND and OR are n-ary so that a long chain of conditions does not
 * become a deep tree: the compiler recurses only as deep as the parentheses and NOTs go.
 */
export type FilterExpr =
  | { readonly kind: "and"; readonly operands: readonly FilterExpr[] }
  | { readonly kind: "or"; readonly operands: readonly FilterExpr[] }
  | { readonly kind: "not"; readonly operand: FilterExpr }
  | { readonly kind: "compare"; readonly path: Path; readonly op: ComparisonOperator; readonly value: FilterValue }
  /** `path : value` (AIP-160 "has"). */
  | { readonly kind: "has"; readonly path: Path; readonly value: FilterValue }
  /**
   * `path = "Ada*"`, `path != "*@example.com"` (AIP-160 wildcards): the value is a string that
   * starts with / ends with / contains `text`, every character of which is literal.
   */
  | {
      readonly kind: "match";
      readonly path: Path;
      readonly op: "=" | "!=";
      readonly text: string;
      readonly anchoredStart: boolean;
      readonly anchoredEnd: boolean;
    }
  /** `path : *`: the path is present, whatever its value (null included). */
  | { readonly kind: "exists"; readonly path: Path };
