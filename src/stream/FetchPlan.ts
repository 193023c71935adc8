/** How a stream sizes its fetches from PostgreSQL. */
export interface FetchPlan {
  /** Rows in the first fetch: small, so the first message leaves quickly. */
  readonly firstFetchRows: number;
  /** Target bytes per later fetch; the row count follows from the average row size seen so far. */
  readonly fetchBytes: number;
  /** Upper bound on rows per fetch. */
  readonly maxFetchRows: number;
  /** Longest a fetch should take, at the rate the last one arrived; 0 sizes by bytes alone. */
  readonly fetchTargetMs: number;
}

/** How fast the last fetch arrived, from the moment it was requested. */
export interface FetchRate {
  readonly rows: number;
  readonly ms: number;
}

/**
 * Rows for the next fetch, from the bytes and rows fetched so far. A fetch reaches the client only
 * once it has arrived whole, so on a slow link (a bandwidth-limited network, a slow view) a 2 MiB
 * fetch is a long silence for the client: the fetch is then also capped at what the last one's rate
 * delivers within fetchTargetMs. On a fast link the cap lies far above the byte target.
 */
export function nextFetchRows(plan: FetchPlan, rowsSoFar: number, bytesSoFar: number, last?: FetchRate): number {
  if (rowsSoFar === 0) return plan.firstFetchRows;
  const averageRow = Math.max(1, bytesSoFar / rowsSoFar);
  let rows = Math.min(plan.maxFetchRows, Math.floor(plan.fetchBytes / averageRow));
  if (plan.fetchTargetMs > 0 && last !== undefined && last.ms > 0) {
    // A slow first fetch (a sort before the first row) only shrinks the next to firstFetchRows,
    // whose own quick arrival then lifts the cap again.
    const byRate = Math.floor((last.rows / last.ms) * plan.fetchTargetMs);
    rows = Math.min(rows, Math.max(plan.firstFetchRows, byRate));
  }
  return Math.max(1, rows);
}
