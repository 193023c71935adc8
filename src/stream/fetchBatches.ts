import type { Sql } from "../db/Sql.js";
import type { PackedBatch, PackerFor } from "./BatchPacker.js";
import { nextFetchRows, type FetchPlan, type FetchRate } from "./FetchPlan.js";
import { isRowError, salvageRows, type ReopenCursor } from "./salvageRows.js";
import { startFetch, type Fetch } from "./startFetch.js";
import type { StatementGuard } from "./StatementGuard.js";
import type { TransactionClock } from "./TransactionClock.js";

/**
 * Pulls the rows of an open cursor in batches, each packed into messages as it arrives. Each fetch
 * is sized by bytes (see FetchPlan) and the next one is requested as soon as the current one
 * arrives, so the database works while the batch is being sent; the consumer asks for a batch only
 * once the transport had room, which keeps at most one batch in flight beyond what the client has
 * taken. On abort the running FETCH is cancelled on the backend rather than waited for. With a
 * `clock` (keyset streams), the transaction may end between batches or while parked
 * (TransactionClock): the rows already fetched are still yielded, no FETCH follows, and the
 * generator ends; the caller sees `clock.hopped` and continues from the last row in a new one.
 */
export async function* fetchBatches(
  conn: Sql,
  cursor: string,
  plan: FetchPlan,
  guard: StatementGuard,
  isClosed: () => boolean,
  reopen: ReopenCursor,
  packerFor: PackerFor,
  clock?: TransactionClock,
  first?: Fetch,
): AsyncGenerator<PackedBatch> {
  let rows = 0;
  let bytes = 0;
  // `first`, when given, was sent already (pipelined behind DECLARE) with this size, into packerFor(0).
  let size = nextFetchRows(plan, 0, 0);
  let pending: Fetch | undefined = first ?? startFetch(conn, cursor, size, isClosed, packerFor(0));
  try {
    while (pending !== undefined) {
      const current: Fetch = pending;
      pending = undefined;
      let batch: PackedBatch | undefined;
      let ended: boolean;
      try {
        await guard.run(current.query);
        batch = current.packer.finish();
        ended = batch.rows < size || batch.tooLarge !== undefined;
      } catch (error) {
        if (!isRowError(error) || guard.aborted) throw error;
        // A row failed: the rows before it still go out, then its error (see salvageRows).
        const salvage = salvageRows(conn, cursor, guard, isClosed, reopen, rows, size, packerFor);
        try {
          for (;;) {
            const next = await salvage.next();
            if (next.done === true) {
              ended = next.value;
              break;
            }
            rows += next.value.rows;
            bytes += next.value.bytes;
            yield next.value;
          }
        } finally {
          await salvage.return(true);
        }
      }
      if (batch !== undefined) {
        rows += batch.rows;
        bytes += batch.bytes;
      }
      if (!ended) {
        if (clock?.due() === true) {
          // Bounded transaction age: end it here; the stream continues from the last row.
          await clock.hopNow("age");
        } else {
          const last: FetchRate = { rows: current.packer.count, ms: current.ms };
          size = nextFetchRows(plan, rows, bytes, last);
          pending = startFetch(conn, cursor, size, isClosed, packerFor(rows));
        }
      }
      if (batch !== undefined && (batch.chunks.length > 0 || batch.tooLarge !== undefined)) {
        if (clock === undefined) {
          yield batch;
        } else {
          const inFlight = pending;
          // Stopped at the yield (return or throw): the prefetch is cancelled below, not waited for.
          yield* clock.parked(batch, async () => inFlight === undefined || (await inFlight.query.then(() => true, () => false)));
        }
      }
    }
  } finally {
    // The consumer stopped early (error, abort, or enough rows): the prefetch is not wanted. It is
    // stopped (cancelled until it ends) so that the ROLLBACK after it runs at once.
    if (pending !== undefined && !isClosed()) await guard.stop(pending.query);
  }
}
