/**
 * A statement ready for postgres.js `sql.unsafe(text, params)`. Every parameter is a string and the
 * text casts each one explicitly (`$2::jsonb`, `$3::bigint`), so no type inference is involved.
 */
export interface CompiledSql {
  readonly text: string;
  readonly params: readonly string[];
}
