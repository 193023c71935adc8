import type { Lease } from "../db/ConnectionPool.js";
import type { CompiledSql } from "../query/CompiledSql.js";
import type { BatchPacker } from "./BatchPacker.js";
import type { ReopenCursor } from "./salvageRows.js";
import { startFetch, type Fetch } from "./startFetch.js";
import type { StatementGuard } from "./StatementGuard.js";

/** The stream's cursor: one per transaction, so one name will do. */
export const CURSOR = "fraiseql_wire_rows";
// Taken just before DECLARE: a row that fails aborts the transaction, and this is where it resumes.
const SAVEPOINT = "fraiseql_wire_declared";

/** A cursor on its way: its statements and its first FETCH sent, not yet answered. */
export interface OpenedCursor {
  /** The cursor_tuple_fraction setting, the savepoint and DECLARE. */
  readonly declared: Promise<unknown>;
  /** The first FETCH, pipelined behind DECLARE. */
  readonly first: Fetch;
  /** Declares the cursor again after a row failed, past the rows already delivered (salvageRows). */
  readonly reopen: ReopenCursor;
}

/**
 * Sends, without waiting, in one round trip: the cursor_tuple_fraction setting, the savepoint,
 * DECLARE and the first FETCH (`firstRows` rows into `packer`). The setting goes before the
 * savepoint, so that rolling back to it keeps the plan, and the savepoint before DECLARE, so that
 * rolling back to it removes the cursor. DECLARE runs as a named prepared statement while the
 * connection has room for one more (Lease.prepareFor): postgres.js waits for an unprepared
 * statement's Parse + Describe, which would split the round trip in two (issue 11).
 * compiled.text holds only our templates and catalog-checked identifiers; every value is in params.
 */
export function openCursor(lease: Lease, guard: StatementGuard, compiled: CompiledSql, firstRows: number, isClosed: () => boolean, packer: BatchPacker): OpenedCursor {
  const conn = lease.sql;
  const declare = (): Promise<unknown> => declareCursor(lease, compiled);
  const declared = Promise.all([
    conn`select set_config('cursor_tuple_fraction', ${compiled.cursorTupleFraction}, true)`.execute(),
    conn.unsafe(`savepoint ${SAVEPOINT}`).execute(),
    declare(),
  ]);
  // When DECLARE fails, this FETCH fails too; startFetch observes it, and DECLARE's error is reported.
  const first = startFetch(conn, CURSOR, firstRows, isClosed, packer);
  const reopen = async (position: number): Promise<void> => {
    await guard.run(conn.unsafe(`rollback to savepoint ${SAVEPOINT}`).execute());
    await guard.run(declare());
    // Our own integer: the rows the client already has.
    if (position > 0) await guard.run(conn.unsafe(`move forward ${position} in ${CURSOR}`).execute());
  };
  return { declared, first, reopen };
}

/** DECLARE of the stream's cursor over `compiled`, sent at once, as a named prepared statement while the connection has room. */
export function declareCursor(lease: Lease, compiled: CompiledSql): Promise<unknown> {
  const text = `declare ${CURSOR} no scroll cursor for ${compiled.text}`;
  return lease.sql.unsafe(text, [...compiled.params], { prepare: lease.prepareFor(text) }).execute();
}
