/**
 * A filter built with {@link eq}, {@link and}, … : its text in the filter language of
 * docs/filters.md plus how tightly it binds, so and()/or()/not() add parentheses exactly where they
 * are needed. Immutable; pass it to {@link Query.where} or use `String(filter)`.
 *
 * @example
 * ```ts
 * import { Filter, and, eq } from "fraiseql-wire/client";
 *
 * const handWritten = Filter.raw('priority >= 3 OR owner.name = "Ada"'); // checked by the server
 * console.log(String(and(eq("status", "active"), handWritten)));
 * // status = "active" AND (priority >= 3 OR owner.name = "Ada")
 * ```
 */
export class Filter {
  /** The filter text; "" matches every row. */
  readonly text: string;
  /**
   * How tightly the text binds: "atom" (a comparison, NOT, or parenthesised), "and", "or", or "raw"
   * (caller text: always parenthesised when combined, because it is not parsed here).
   */
  readonly binding: "atom" | "and" | "or" | "raw";

  /**
   * Prefer the builders ({@link eq}, {@link and}, …) and {@link Filter.raw}.
   * @param text the filter text; "" matches every row
   * @param binding how tightly the text binds (see {@link Filter.binding})
   */
  constructor(text: string, binding: "atom" | "and" | "or" | "raw") {
    this.text = text;
    this.binding = binding;
    Object.freeze(this);
  }

  /** The filter text, e.g. `status = "active" AND priority >= 3`. */
  toString(): string {
    return this.text;
  }

  /** A filter from text written by hand; checked by the server, not here. */
  static raw(text: string): Filter {
    return new Filter(text.trim(), text.trim() === "" ? "atom" : "raw");
  }

  /**
   * This filter as an operand of `within`: parenthesised unless it is an atom or the same operator.
   * AND and OR are never mixed without parentheses, so the text means the same under AIP-160's
   * precedence (OR binds tighter) and under SQL's (AND binds tighter).
   */
  operandOf(within: "and" | "or" | "not"): string {
    const safe = this.binding === "atom" || this.binding === within;
    return safe ? this.text : `(${this.text})`;
  }
}
