import type { Lease } from "../db/ConnectionPool.js";
import type { CompiledSql } from "../query/CompiledSql.js";
import type { BatchPacker } from "./BatchPacker.js";
import { CURSOR, declareCursor } from "./openCursor.js";
import { startFetch, type Fetch } from "./startFetch.js";
import type { StatementGuard } from "./StatementGuard.js";

/** A small query on its way: every statement sent, none answered yet. */
export interface SmallQuery {
  /** The cursor_tuple_fraction setting and DECLARE. */
  readonly declared: Promise<unknown>;
  /** The one FETCH: the whole result (its limit fits in the first fetch). */
  readonly fetch: Fetch;
  /** COMMIT behind the FETCH (a ROLLBACK in effect when a statement before it failed): true once answered. */
  readonly ended: Promise<boolean>;
}

/**
 * Sends a query whose limit fits in the first fetch as the cursor setting, DECLARE, one FETCH of
 * `rows` rows into `packer` and COMMIT, without waiting: sent behind BEGIN and the catalog lookup,
 * a small query is one round trip (issue 11). A cursor, not a plain SELECT, so that
 * cursor_tuple_fraction chooses the plan as for any stream: a plain SELECT with LIMIT 10 and a filter
 * PostgreSQL misestimates was planned for all its rows (a bitmap scan and a sort of 280K rows, 2–8 s
 * a call, where the cursor walks the primary key and stops at the 10th row: measured in `make bench`).
 * No savepoint: a row that fails aborts the FETCH, which then sends none of its rows, and COMMIT ends
 * the transaction; the stream reads again as a cursor that salvages the rows before it.
 */
export function sendSmallQuery(lease: Lease, guard: StatementGuard, compiled: CompiledSql, rows: number, isClosed: () => boolean, packer: BatchPacker): SmallQuery {
  const conn = lease.sql;
  const declared = Promise.all([conn`select set_config('cursor_tuple_fraction', ${compiled.cursorTupleFraction}, true)`.execute(), declareCursor(lease, compiled)]);
  // Awaited by the stream, or never (a query dropped after the lookup): observed either way.
  void declared.catch(() => {});
  const fetch = startFetch(conn, CURSOR, rows, isClosed, packer);
  const commit = conn.unsafe("commit").execute();
  void commit.then(undefined, () => {});
  // Bounded like any COMMIT, but only from the moment it can run: queued behind BEGIN, the lookup
  // and the FETCH, it would otherwise time out (and close the connection) under their own bounds.
  const ended = Promise.resolve(fetch.query)
    .then(
      () => {},
      () => {},
    )
    .then(() => guard.end(commit))
    .then(
      () => true,
      () => false,
    );
  return { declared, fetch, ended };
}
