/**
 * Quotes a PostgreSQL identifier, doubling embedded quotes. Used even for names read from the
 * catalog: a view called `a"b` or `Order` must not change the statement's meaning or case.
 */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
