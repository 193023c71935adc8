/** Which request field a parser reads, for its error messages. */
export interface QueryLanguage {
  readonly reason: "INVALID_FILTER" | "INVALID_ORDER_BY";
  readonly field: "filter" | "order_by";
  /** A short valid example, appended to syntax errors. */
  readonly example: string;
  /** What a token may be, for a character no token starts with. */
  readonly tokenStart: string;
  /**
   * Whether a digit where a path may start begins a number rather than a path segment. In a filter a
   * restriction starts with a field, so `1 > 0` or `-30` is a literal the parser refuses by name;
   * order_by has no literals.
   */
  readonly digitsStartNumbers: boolean;
}
