/**
 * One fetched row as PostgreSQL's text, column by column: `data`, then the position columns of a
 * keyset stream (each order_by value as jsonb text, then the key id). SQL NULL is null.
 */
export type RawRow = readonly (Buffer | null)[];
