/**
 * A PostgreSQL string constant for `text`: the one way a request's characters (JSON path keys) enter
 * SQL text, where an expression index needs them as constants (`data -> 'seq'` matches an index on
 * `((data -> 'seq'))`; `data -> $1` matches none). Values never come through here: they are bound.
 *
 * Quotes are doubled. A key holding a backslash is written as an escape string, `E'a\\b'`, with the
 * backslash doubled, so the constant is the same whatever standard_conforming_strings says: under
 * `off`, a plain 'a\' would end the string one quote early. U+0000 cannot be in a PostgreSQL string
 * and is refused (the filter parser rejects it before this point).
 */
export function quoteLiteral(text: string): string {
  if (text.includes("\u0000")) throw new RangeError("a SQL string constant cannot hold U+0000");
  const quoted = text.replaceAll("'", "''");
  return text.includes("\\") ? `E'${quoted.replaceAll("\\", "\\\\")}'` : `'${quoted}'`;
}
