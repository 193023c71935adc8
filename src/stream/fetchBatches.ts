import type { Sql } from "../db/Sql.js";
import { nextFetchRows, type FetchPlan, type FetchRate } from "./FetchPlan.js";
import type { RawRow } from "./RawRow.js";
import { isRowError, salvageRows, type ReopenCursor } from "./salvageRows.js";
import { startFetch, type Fetch } from "./startFetch.js";
import type { StatementGuard } from "./StatementGuard.js";
import type { TransactionClock } from "./TransactionClock.js";

/**
 * Pulls the rows of an open cursor in batches of raw bytes. Each fetch is sized by bytes (see
 * FetchPlan) and the next one is requested as soon as the current one arrives, so the database
 * works while the batch is being sent; the consumer asks for a batch only once the transport had
 * room, which keeps at most one batch in flight beyond what the client has taken.
 * On abort the running FETCH is cancelled on the backend rather than waited for. With a `clock`
 * (keyset streams), the transaction may end between batches or while parked (TransactionClock):
 * the rows already fetched are still yielded, no FETCH follows, and the generator ends; the
 * caller sees `clock.hopped` and continues from the last row in a new transaction.
 */
export async function* fetchBatches(
  conn: Sql,
  cursor: string,
  plan: FetchPlan,
  guard: StatementGuard,
  isClosed: () => boolean,
  reopen: ReopenCursor,
  clock?: TransactionClock,
): AsyncGenerator<RawRow[]> {
  let rows = 0;
  let bytes = 0;
  let size = nextFetchRows(plan, 0, 0);
  let pending: Fetch | undefined = startFetch(conn, cursor, size, isClosed);
  try {
    while (pending !== undefined) {
      const current: Fetch = pending;
      pending = undefined;
      let values = current.rows;
      let ended: boolean;
      try {
        await guard.run(current.query);
        ended = values.length < size;
      } catch (error) {
        if (!isRowError(error) || guard.aborted) throw error;
        // A row failed: the rows before it still go out, then its error (see salvageRows).
        const salvage = salvageRows(conn, cursor, guard, isClosed, reopen, rows, size);
        try {
          for (;;) {
            const next = await salvage.next();
            if (next.done === true) {
              ended = next.value;
              break;
            }
            rows += next.value.length;
            for (const v of next.value) bytes += v[0]?.length ?? 4;
            yield next.value;
          }
        } finally {
          await salvage.return(true);
        }
        values = [];
      }
      rows += values.length;
      for (const v of values) bytes += v[0]?.length ?? 4;
      if (!ended) {
        if (clock?.due() === true) {
          // Bounded transaction age: end it here; the stream continues from the last row.
          await clock.hopNow();
        } else {
          const last: FetchRate = { rows: current.rows.length, ms: current.ms };
          size = nextFetchRows(plan, rows, bytes, last);
          pending = startFetch(conn, cursor, size, isClosed);
        }
      }
      if (values.length > 0) {
        if (clock === undefined) {
          yield values;
        } else {
          const inFlight = pending;
          clock.park(async () => inFlight === undefined || (await inFlight.query.then(() => true, () => false)));
          try {
            yield values;
          } finally {
            await clock.unpark();
          }
        }
      }
    }
  } finally {
    // The consumer stopped early (error, abort, or enough rows): the prefetch is not wanted. It is
    // stopped (cancelled until it ends) so that the ROLLBACK after it runs at once.
    if (pending !== undefined && !isClosed()) await guard.stop(pending.query);
  }
}
