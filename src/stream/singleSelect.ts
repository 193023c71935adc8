import type { Sql } from "../db/Sql.js";
import type { CompiledSql } from "../query/CompiledSql.js";
import type { BatchPacker, PackedBatch } from "./BatchPacker.js";
import { connectionClosed } from "./connectionClosed.js";
import type { RawRow } from "./RawRow.js";
import { isRowError } from "./salvageRows.js";
import type { StatementGuard } from "./StatementGuard.js";

/** A result that fits in one fetch, read by its SELECT itself: no cursor, COMMIT sent behind it. */
export interface SingleSelect {
  readonly query: PromiseLike<unknown> & { cancel(): unknown };
  readonly packer: BatchPacker;
  /** COMMIT (a ROLLBACK in effect when the SELECT failed): true once answered, false when it failed. */
  readonly ended: Promise<boolean>;
}

/**
 * Sends the compiled SELECT, its rows packed as they arrive, and COMMIT behind it, without waiting:
 * with BEGIN and the catalog lookup before them, a small query is one round trip (issue 11). Unlike a
 * FETCH, a SELECT sends each row as it is produced, so a row that fails leaves the rows before it
 * already packed: what salvageRows recovers for a cursor. compiled.text holds only our templates and
 * catalog-checked identifiers; every value is in params.
 */
export function sendSingleSelect(conn: Sql, compiled: CompiledSql, prepare: boolean, packer: BatchPacker, guard: StatementGuard, isClosed: () => boolean): SingleSelect {
  if (isClosed()) throw connectionClosed();
  const query = conn
    .unsafe(compiled.text, [...compiled.params], { prepare })
    .raw()
    .forEach((row) => packer.add(row as unknown as RawRow)) as unknown as SingleSelect["query"];
  void query.then(undefined, () => {});
  const commit = conn.unsafe("commit").execute();
  // Bounded like any COMMIT, but only from the moment it can run: queued behind BEGIN, the lookup
  // and the SELECT, it would otherwise time out (and close the connection) under their own bounds.
  const ended = Promise.resolve(query)
    .then(
      () => {},
      () => {},
    )
    .then(() => guard.end(commit))
    .then(
      () => true,
      () => false,
    );
  return { query, packer, ended };
}

/** The SELECT's rows as one batch; after a row failed, the rows before it, then its error. */
export async function* singleBatch(select: SingleSelect, guard: StatementGuard): AsyncGenerator<PackedBatch> {
  try {
    await guard.run(select.query);
  } catch (error) {
    if (!isRowError(error) || guard.aborted) throw error;
    const before = select.packer.finish();
    if (before.chunks.length > 0) yield before;
    throw error;
  }
  yield select.packer.finish();
}
