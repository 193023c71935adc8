import type { Sql } from "../db/Sql.js";
import { connectionClosed } from "./connectionClosed.js";
import { nextFetchRows, type FetchPlan, type FetchRate } from "./FetchPlan.js";
import type { StatementGuard } from "./StatementGuard.js";

type RawRows = Array<Array<Buffer | null>>;

/**
 * Pulls the rows of an open cursor in batches of raw bytes. Each fetch is sized by bytes (see
 * FetchPlan) and the next one is requested as soon as the current one arrives, so the database
 * works while the batch is being sent; the consumer asks for a batch only once the transport had
 * room, which keeps at most one batch in flight beyond what the client has taken.
 * On abort the running FETCH is cancelled on the backend rather than waited for.
 */
export async function* fetchBatches(
  conn: Sql,
  cursor: string,
  plan: FetchPlan,
  guard: StatementGuard,
  isClosed: () => boolean,
): AsyncGenerator<Array<Buffer | null>> {
  let rows = 0;
  let bytes = 0;
  let size = nextFetchRows(plan, 0, 0);
  // The count is our own integer and the cursor name a constant: no input reaches this text.
  // execute(): postgres.js queries are lazy, and the prefetch must start before anyone awaits it.
  const fetch = (n: number) => {
    // Writing to a connection that closed while we waited for the client would crash the process.
    if (isClosed()) throw connectionClosed();
    const query = conn.unsafe<RawRows>(`fetch forward ${n} from ${cursor}`).simple().raw().execute();
    // The prefetch may fail (the backend terminated) while this generator is parked at a yield,
    // waiting for the client to read: nothing awaits it then, and an unobserved rejection kills
    // the process (issue 8, defect 1). It is observed here; the await below still gets the error.
    query.catch(() => {});
    const requestedAt = performance.now();
    void query.then(() => (arrivedMs = performance.now() - requestedAt), () => {});
    return query;
  };
  let arrivedMs = 0;
  let pending: ReturnType<typeof fetch> | undefined = fetch(size);
  try {
    while (pending !== undefined) {
      const batch = (await guard.run(pending)) as unknown as RawRows;
      pending = undefined;
      const values = batch.map((row) => row[0] ?? null);
      rows += values.length;
      for (const v of values) bytes += v === null ? 4 : v.length;
      if (values.length === size) {
        const last: FetchRate = { rows: values.length, ms: arrivedMs };
        size = nextFetchRows(plan, rows, bytes, last);
        pending = fetch(size);
      }
      if (values.length > 0) yield values;
    }
  } finally {
    // The consumer stopped early (error, abort, or enough rows): the prefetch is not wanted. It is
    // cancelled and waited for (bounded), so that the cancel cannot land on the ROLLBACK after it.
    if (pending !== undefined && !isClosed()) {
      void Promise.resolve(pending.cancel()).catch(() => {});
      await guard.end(pending).catch(() => {});
    }
  }
}
