/** Which request field a parser reads, for its error messages. */
export interface QueryLanguage {
  readonly reason: "INVALID_FILTER" | "INVALID_ORDER_BY";
  readonly field: "filter" | "order_by";
  /** A short valid example, appended to syntax errors. */
  readonly example: string;
  /** What a token may be, for a character no token starts with. */
  readonly tokenStart: string;
}
