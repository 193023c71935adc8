import type { ComparisonOperator } from "./FilterExpr.js";

interface Span {
  /** UTF-16 offsets into the input; `text` is the source between them. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** One lexical unit of a filter or an order_by string. */
export type Token = Span &
  (
    | { readonly kind: "path"; readonly segments: readonly string[]; readonly bare: boolean }
    | { readonly kind: "string"; readonly value: string; readonly leadingStar: boolean; readonly trailingStar: boolean }
    | { readonly kind: "number" }
    | { readonly kind: "operator"; readonly operator: ComparisonOperator | ":" }
    | { readonly kind: "(" | ")" | "*" | "-" | "," | "end" }
  );
