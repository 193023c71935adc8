/**
 * A statement ready for postgres.js `sql.unsafe(text, params)`. Every parameter is a string and the
 * text casts each one explicitly (`$2::jsonb`, `$3::bigint`), so no type inference is involved.
 */
export interface CompiledSql {
  readonly text: string;
  readonly params: readonly string[];
  /**
   * Columns after `data` that give each row's position: one per order_by term (jsonb), then the
   * key `id`. 0 when the view has no key column (its streams resume by offset).
   */
  readonly positionColumns: number;
  /**
   * PostgreSQL's cursor_tuple_fraction for the cursor. 0.01 when the request orders by fields: a
   * stream wants its first rows now, and PostgreSQL's default 0.1 (plan as if a tenth of the rows
   * were read) prefers a full sort over an index once a resumed range covers half a large table.
   * 1 when the only order is the key id: that order is there for resume tokens, not for a fast
   * start; costed for the whole result, PostgreSQL uses a filter's index and sorts the few rows it
   * returns instead of walking the primary key through every row.
   */
  readonly cursorTupleFraction: "0.01" | "1";
}
