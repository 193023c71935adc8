import { isConnectionLost } from "../errors/isConnectionLost.js";
import { isPostgresError } from "../errors/PostgresLike.js";
import type { Sql } from "../db/Sql.js";
import type { PackedBatch } from "./BatchPacker.js";
import type { PackerFor } from "./BatchPacker.js";
import type { StatementGuard } from "./StatementGuard.js";
import { startFetch } from "./startFetch.js";

/** Reopens the stream's cursor at a position: back to the savepoint before DECLARE, DECLARE, MOVE. */
export type ReopenCursor = (position: number) => Promise<void>;

/**
 * True for an error a row raised (a view expression failing on one row: division by zero, a bad
 * cast, a RAISE): the rows before it are good and the caller must get them. Not for a lost
 * connection, a cancel or timeout (57), a session timeout (25) or an out-of-resources error (53).
 */
export function isRowError(error: unknown): boolean {
  if (!isPostgresError(error) || isConnectionLost(error)) return false;
  return !["57", "25", "53", "08", "40", "XX"].includes(error.code.slice(0, 2));
}

/**
 * After a FETCH of `count` rows at `position` failed on a row, delivers every row before that row.
 * PostgreSQL runs a FETCH to completion before it sends any of it, so the failed FETCH sent none.
 * The transaction is REPEATABLE READ and holds a savepoint taken just before DECLARE: each retry goes
 * back to it, declares the cursor again over the same snapshot, moves to where the client is, and
 * fetches half as many rows, until a single row fails. Rare and bounded: at most log2(count) + 1
 * reopenings, each statement under statement_timeout. Yields batches and throws the row's error;
 * returns (true when the result ended) only if the rows fail no more (a non-deterministic view).
 */
export async function* salvageRows(
  conn: Sql,
  cursor: string,
  guard: StatementGuard,
  isClosed: () => boolean,
  reopen: ReopenCursor,
  position: number,
  count: number,
  packerFor: PackerFor,
): AsyncGenerator<PackedBatch, boolean> {
  let at = position;
  let left = count;
  let step = Math.max(1, Math.floor(count / 2));
  while (left > 0) {
    await reopen(at);
    for (;;) {
      const n = Math.min(step, left);
      const fetch = startFetch(conn, cursor, n, isClosed, packerFor(at));
      try {
        await guard.run(fetch.query);
      } catch (next) {
        if (!isRowError(next) || n === 1) throw next;
        step = Math.max(1, Math.floor(n / 2));
        break;
      }
      const batch = fetch.packer.finish();
      at += batch.rows;
      left -= n;
      if (batch.chunks.length > 0 || batch.tooLarge !== undefined) yield batch;
      // The same snapshot gives the same rows: fewer than asked means the result ended after all.
      if (batch.rows < n || batch.tooLarge !== undefined) return true;
      if (left === 0) return false;
    }
  }
  return false;
}
