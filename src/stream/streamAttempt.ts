import type { ConnectionState } from "../db/PooledConnection.js";
import type { Lease } from "../db/ConnectionPool.js";
import type { Sql } from "../db/Sql.js";
import { lookupEntity } from "../db/lookupEntity.js";
import { isConnectionLost } from "../errors/isConnectionLost.js";
import { isPostgresError } from "../errors/PostgresLike.js";
import { WireError } from "../errors/WireError.js";
import type { QueryContext } from "../errors/QueryContext.js";
import { toWireError } from "../errors/toWireError.js";
import { compileSelect } from "../query/compileSelect.js";
import type { QuerySpec } from "../query/QuerySpec.js";
import { connectionClosed } from "./connectionClosed.js";
import { fetchBatches } from "./fetchBatches.js";
import { BatchPacker } from "./BatchPacker.js";
import { rollback } from "./rollback.js";
import type { StreamItem } from "./RowChunk.js";
import { sessionSettings } from "./sessionSettings.js";
import type { StreamAccess } from "./StreamAccess.js";
import type { StreamDeps } from "./StreamDeps.js";
import { invalidResumeToken } from "./resume/ResumeTokens.js";
import type { ResumePosition } from "./resume/ResumePosition.js";
import type { RowsProbe } from "./StreamHooks.js";
import { StatementGuard } from "./StatementGuard.js";
import { TransactionClock } from "./TransactionClock.js";

const CURSOR = "fraiseql_wire_rows";
// Taken just before DECLARE: a row that fails aborts the transaction, and this is where it resumes.
const SAVEPOINT = "fraiseql_wire_declared";

/** How an attempt ended, for the caller that decides whether to try again or continue. */
export interface AttemptOutcome {
  /** The attempt failed because its connection was lost (not because it went unanswered). */
  connectionLost: boolean;
  /** The entity has a key column: its rows have keyset positions, so the stream can continue. */
  keyset: boolean;
  /** The attempt ended its transaction early (bounded transaction age): continue from the last row. */
  hopped: boolean;
}

/** What the attempts of one call share: the totals of its final stats message. */
export interface StreamTotals {
  rows: number;
  bytes: number;
  messages: number;
  firstRowAt: bigint | undefined;
}

/**
 * One try at a stream on one reserved connection, inside a READ ONLY transaction: chunks of raw
 * rows, then an `end` item with the totals. The connection goes back on every exit (success, error,
 * abort, the consumer stopping): released when it is sound, left to postgres.js when it is dead.
 */
export async function* streamAttempt(
  deps: StreamDeps,
  spec: QuerySpec,
  resume: { readonly digest: Buffer; readonly from: ResumePosition | undefined },
  signal: AbortSignal,
  startedAt: bigint,
  outcome: AttemptOutcome,
  totals: StreamTotals,
  access?: StreamAccess,
): AsyncGenerator<StreamItem> {
  const guard = new StatementGuard(signal, deps.statementTimeoutMs > 0 ? deps.statementTimeoutMs + deps.responseTimeoutMs : 0, deps.responseTimeoutMs);
  let lease: Lease | undefined;
  let connection: ConnectionState | undefined;
  let committed = false;
  let lost = false;
  let clock: TransactionClock | undefined;
  let rowsProbe: RowsProbe | undefined;
  let failure: unknown;
  // Set once the view is known, so a database error can name the entity and view it interrupted.
  let context: QueryContext | undefined;
  try {
    lease = deps.pool.take();
    const conn = lease.sql;
    // Watched from before BEGIN: a connection that closed while idle reconnects on BEGIN, and only
    // a close after this point concerns the stream.
    connection = lease.watch();
    guard.watch(connection);
    await deps.hooks.begin(() =>
      guard.run(
        Promise.all([
          // REPEATABLE READ: a cursor declared again after a row failed sees the same rows (salvageRows).
          conn.unsafe("begin transaction isolation level repeatable read read only").execute(),
          // statement_timeout, jit off, and the caller's role and claims (sessionSettings).
          sessionSettings(conn, deps.statementTimeoutMs, access),
        ]),
      ),
    );
    const isClosed = (): boolean => connection!.closed;
    const view = await deps.hooks.lookup(() => guard.run(lookupEntity(conn, access === undefined ? deps.scope : { ...deps.scope, readable: access.mayRead }, spec.entity)));
    context = { entity: spec.entity, view: `${view.schema}.${view.view}`, statementTimeoutMs: deps.statementTimeoutMs, role: access?.role };
    const keyset = view.keyColumn !== undefined;
    outcome.keyset = keyset;
    const from = resume.from;
    if (from !== undefined && (from.keyset !== undefined) !== keyset) {
      throw invalidResumeToken("mode", `the resume token holds ${from.keyset === undefined ? "an offset" : "a keyset position"}, but ${spec.entity} now ${keyset ? "has" : "has no"} key column id: the view changed since the token was issued. Restart the stream without a token`);
    }
    // Rows of the original result already delivered: limit counts them, first_row_index goes on from them.
    const base = from?.delivered ?? 0;
    const compiled = compileSelect({
      schema: view.schema,
      view: view.view,
      dataType: view.dataType,
      keyColumn: view.keyColumn,
      filter: spec.filter,
      orderBy: spec.orderBy,
      limit: spec.limit === undefined ? undefined : Math.max(0, spec.limit - base),
      // A keyset position already lies past the skipped rows; an offset token counts from them.
      offset: from === undefined ? spec.offset : keyset ? 0 : spec.offset + base,
      after: from?.keyset,
    });
    // compiled.text holds only our templates and catalog-checked identifiers; every value is in params.
    const declare = (): Promise<unknown> => guard.run(conn.unsafe(`declare ${CURSOR} no scroll cursor for ${compiled.text}`, [...compiled.params]).execute());
    // One round trip, in this order: the setting before the savepoint, so that rolling back to it
    // (salvageRows) keeps the plan, and the savepoint before DECLARE, so that it removes the cursor.
    await deps.hooks.declare(view, () =>
      Promise.all([
        guard.run(conn`select set_config('cursor_tuple_fraction', ${compiled.cursorTupleFraction}, true)`.execute()),
        guard.run(conn.unsafe(`savepoint ${SAVEPOINT}`).execute()),
        declare(),
      ]),
    );
    const reopen = async (position: number): Promise<void> => {
      await guard.run(conn.unsafe(`rollback to savepoint ${SAVEPOINT}`).execute());
      await declare();
      // Our own integer: the rows the client already has.
      if (position > 0) await guard.run(conn.unsafe(`move forward ${position} in ${CURSOR}`).execute());
    };

    const caps = { maxRows: spec.chunkRows, maxBytes: spec.chunkBytes, serverMaxBytes: deps.maxChunkBytes };
    const positionColumns = keyset ? compiled.positionColumns : 0;
    const packerFor = (rowIndex: number) => new BatchPacker(caps, positionColumns, base + rowIndex);
    clock =
      keyset && deps.maxTransactionMs > 0
        ? new TransactionClock(deps.maxTransactionMs, () => guard.end(conn.unsafe("commit").execute()).then(() => undefined), (reason) => deps.hooks.transactionHop(reason))
        : undefined;
    let rows = 0;
    rowsProbe = deps.hooks.rows(view);
    // From asking for a batch to its arrival: time spent waiting for PostgreSQL, not for the client.
    let askedAt = performance.now();
    for await (const batch of fetchBatches(conn, CURSOR, deps.plan, guard, isClosed, reopen, packerFor, clock)) {
      rowsProbe.fetched(batch.rows, performance.now() - askedAt);
      for (const chunk of batch.chunks) {
        totals.firstRowAt ??= process.hrtime.bigint();
        rows += chunk.rows.length;
        totals.rows += chunk.rows.length;
        for (const row of chunk.rows) totals.bytes += row.length;
        totals.messages += 1;
        const position = { delivered: chunk.firstRowIndex + chunk.rows.length, keyset: chunk.lastKeyset };
        yield { kind: "rows", chunk: { ...chunk, position, resumeToken: deps.resume.sign(resume.digest, position) } };
      }
      if (batch.tooLarge !== undefined) throw batch.tooLarge;
      askedAt = performance.now();
    }
    if (clock?.hopped === true) {
      committed = true;
      outcome.hopped = true;
      return;
    }
    if (isClosed()) throw connectionClosed();
    committed = await commit(conn, guard, deps);
    const endAt = process.hrtime.bigint();
    yield {
      kind: "end",
      firstRowIndex: base + rows,
      stats: {
        rows: totals.rows,
        bytes: totals.bytes,
        timeToFirstRowMicros: Number(((totals.firstRowAt ?? endAt) - startedAt) / 1000n),
        durationMicros: Number((endAt - startedAt) / 1000n),
        messages: totals.messages + 1,
      },
    };
  } catch (error) {
    // Tried again on another connection: one that died under the stream (after a failover, every
    // idle pooled connection has). Not one that could not be opened: that says PostgreSQL is down.
    outcome.connectionLost = (isConnectionLost(error) || connection?.closed === true) && !guard.timedOut;
    // Not to be used again: that one, and one that failed to open or to log in (postgres.js's and
    // Node's own errors), whose statements postgres.js may still be retrying on a new socket.
    lost = outcome.connectionLost || !(isPostgresError(error) || error instanceof WireError);
    if (outcome.connectionLost) deps.hooks.connectionLost();
    failure = toWireError(error, context);
    throw failure;
  } finally {
    // Before the connection goes back: a hop's COMMIT must never reach the next stream on it.
    await clock?.dispose();
    if (lease !== undefined) await giveBack(lease, guard, connection, !committed, lost);
    // A consumer that stopped early (cancel, deadline) ends the phase through this finally too.
    rowsProbe?.end(failure ?? (signal.aborted ? signal.reason : undefined));
  }
}


// Every row was read: a READ ONLY transaction that fails to commit changes nothing the client got.
async function commit(conn: Sql, guard: StatementGuard, deps: StreamDeps): Promise<boolean> {
  try {
    await guard.end(conn.unsafe("commit").execute());
    return true;
  } catch (error) {
    deps.log.warn({ cause: error instanceof Error ? error.message : String(error) }, "COMMIT of a finished stream failed; its rows were all sent");
    return false;
  }
}

async function giveBack(lease: Lease, guard: StatementGuard, connection: ConnectionState | undefined, inTransaction: boolean, lost: boolean): Promise<void> {
  const dead = (): boolean => lost || guard.timedOut || connection?.closed === true;
  if (!dead()) {
    // An abort may have left a statement running: stop it, and let every cancel land, before
    // ROLLBACK, so that no cancel can reach the next stream on this connection.
    await guard.stop();
    if (!dead()) await guard.cancelsDelivered();
  }
  const sound = !dead() && (!inTransaction || (await rollback(lease.sql, guard)));
  if (sound) return lease.release();
  // Dead, unanswered, or stuck in a transaction: never back to the pool as it is. Closing the socket
  // frees it at once even behind a partition; the instance is replaced.
  connection?.destroy();
  lease.discard();
}
