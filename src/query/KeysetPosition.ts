/**
 * Where a keyset stream stopped: the values of the last row sent, for each order_by term (jsonb
 * text as PostgreSQL rendered it; null when the row lacked the field) and its key `id` (as text).
 */
export interface KeysetPosition {
  readonly values: readonly (string | null)[];
  readonly id: string;
}
