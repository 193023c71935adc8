/** How a stream sizes its fetches from PostgreSQL. */
export interface FetchPlan {
  /** Rows in the first fetch: small, so the first message leaves quickly. */
  readonly firstFetchRows: number;
  /** Target bytes per later fetch; the row count follows from the average row size seen so far. */
  readonly fetchBytes: number;
  /** Upper bound on rows per fetch. */
  readonly maxFetchRows: number;
}

/** Rows for the next fetch, from the bytes and rows fetched so far. */
export function nextFetchRows(plan: FetchPlan, rowsSoFar: number, bytesSoFar: number): number {
  if (rowsSoFar === 0) return plan.firstFetchRows;
  const averageRow = Math.max(1, bytesSoFar / rowsSoFar);
  return Math.max(1, Math.min(plan.maxFetchRows, Math.floor(plan.fetchBytes / averageRow)));
}
