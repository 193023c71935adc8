import type { ConnectionState } from "../db/PooledConnection.js";
import type { Lease } from "../db/ConnectionPool.js";
import { sameView, type EntityView } from "../db/EntityView.js";
import { lookupEntity } from "../db/lookupEntity.js";
import { isConnectionLost } from "../errors/isConnectionLost.js";
import { isPostgresError } from "../errors/PostgresLike.js";
import { WireError } from "../errors/WireError.js";
import type { QueryContext } from "../errors/QueryContext.js";
import { toWireError } from "../errors/toWireError.js";
import type { CompiledSql } from "../query/CompiledSql.js";
import { compileSelect } from "../query/compileSelect.js";
import type { QuerySpec } from "../query/QuerySpec.js";
import { connectionClosed } from "./connectionClosed.js";
import { fetchBatches } from "./fetchBatches.js";
import { copyBatches } from "./copyBatches.js";
import { BatchPacker } from "./BatchPacker.js";
import { nextFetchRows } from "./FetchPlan.js";
import { CURSOR, openCursor } from "./openCursor.js";
import { giveBack } from "./giveBack.js";
import type { StreamItem } from "./RowChunk.js";
import { sessionSettings } from "./sessionSettings.js";
import { sendSmallQuery, type SmallQuery } from "./sendSmallQuery.js";
import { isRowError } from "./salvageRows.js";
import type { PackedBatch } from "./BatchPacker.js";
import type { StreamAccess } from "./StreamAccess.js";
import type { StreamDeps } from "./StreamDeps.js";
import { invalidResumeToken } from "./resume/ResumeTokens.js";
import type { ResumePosition } from "./resume/ResumePosition.js";
import type { RowsProbe } from "./StreamHooks.js";
import { StatementGuard, type RunningStatement } from "./StatementGuard.js";
import { TransactionClock } from "./TransactionClock.js";
import { commitStream } from "./commitStream.js";
import { copyFits } from "./copyFits.js";
import { fitsAhead } from "./fitsAhead.js";

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
 *
 * Round trips (issue 11): BEGIN with the stream's settings and the catalog lookup go out together.
 * The lookup runs on every call; with the view this entity name resolved to last (deps.views), a
 * limit that fits in the first fetch also sends its DECLARE, its one FETCH and COMMIT in that same
 * round trip (sendSmallQuery), and the lookup's answer decides whether they stand: a view redefined
 * since is refused or re-read on the very next call, never streamed with a stale shape. Anything
 * else declares its cursor once the lookup answered, with its first FETCH in the same round trip.
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
  // The last statement sent ahead of being awaited (the first FETCH): see giveBack.
  let lastSent: RunningStatement<unknown> | undefined;
  // Set once the view is known, so a database error can name the entity and view it interrupted.
  let context: QueryContext | undefined;
  try {
    lease = deps.pool.take();
    const conn = lease.sql;
    // Watched from before BEGIN: a connection that closed while idle reconnects on BEGIN, and only
    // a close after this point concerns the stream.
    connection = lease.watch();
    guard.watch(connection);
    const begin = (): Promise<unknown> =>
      deps.hooks.begin(() =>
        guard.run(
          Promise.all([
            // REPEATABLE READ: a cursor declared again after a row failed sees the same rows (salvageRows).
            conn.unsafe("begin transaction isolation level repeatable read read only").execute(),
            // statement_timeout, jit off, and the caller's role and claims (sessionSettings): sent
            // before any statement that reads rows, so none runs without them.
            sessionSettings(conn, deps.statementTimeoutMs, access),
          ]),
        ),
      );
    const begun = begin();
    // When BEGIN fails the statements behind it fail too: only the first failure is reported.
    void begun.catch(() => {});
    const isClosed = (): boolean => connection!.closed;
    const from = resume.from;
    // Rows of the original result already delivered: limit counts them, first_row_index goes on from them.
    const base = from?.delivered ?? 0;
    const remaining = spec.limit === undefined ? undefined : Math.max(0, spec.limit - base);
    const caps = { maxRows: spec.chunkRows, maxBytes: spec.chunkBytes, serverMaxBytes: deps.maxChunkBytes };
    const compileFor = (target: EntityView, copy = false): CompiledSql =>
      compileSelect({
        copy: copy ? { keyType: target.keyType } : undefined,
        schema: target.schema,
        view: target.view,
        dataType: target.dataType,
        keyColumn: target.keyColumn,
        filter: spec.filter,
        orderBy: spec.orderBy,
        limit: remaining,
        // A keyset position already lies past the skipped rows; an offset token counts from them.
        offset: from === undefined ? spec.offset : target.keyColumn !== undefined ? 0 : spec.offset + base,
        after: from?.keyset,
      });
    // Both paths pack alike: the same position columns, first_row_index and so resume tokens.
    const packerFor = (target: EntityView, compiled: CompiledSql) => {
      const positionColumns = target.keyColumn !== undefined ? compiled.positionColumns : 0;
      return (rowIndex: number): BatchPacker => new BatchPacker(caps, positionColumns, base + rowIndex);
    };

    // Declared before the lookup starts: it may call dropSmall before its first await.
    let small: SmallQuery | undefined;
    // A small query sent ahead that must not be used (the call was cancelled, the lookup failed or
    // disagreed, a row failed): its FETCH stopped (cancelled until it ends, for it may read a slow
    // view), with every cancel landed before anything else is sent. The COMMIT behind it ends the
    // transaction (as a ROLLBACK when a statement failed); if that fails too, ROLLBACK does. Either way
    // no transaction is left, so the lookup's further statement (listing entities for a suggestion)
    // does not meet an aborted one.
    const dropSmall = async (): Promise<void> => {
      const dropped = small;
      small = undefined;
      if (dropped === undefined) return;
      await guard.stop(dropped.fetch.query);
      // A connection given up on (unanswered, or closed): nothing to wait for on it.
      if (guard.timedOut || isClosed()) return;
      const ended = await dropped.ended;
      await guard.cancelsDelivered();
      if (!ended && !guard.timedOut) await guard.end(conn.unsafe("rollback").execute());
    };
    const scope = access === undefined ? deps.scope : { ...deps.scope, readable: access.mayRead };
    const lookup = deps.hooks.lookup(() => guard.run(lookupEntity(conn, scope, spec.entity, dropSmall)));
    void lookup.catch(() => {});
    const cached = deps.views.get(spec.entity);
    if (cached !== undefined && remaining !== undefined && remaining > 0 && remaining <= deps.plan.firstFetchRows && fitsAhead(cached, spec.entity, from, access)) {
      const compiled = compileFor(cached);
      small = sendSmallQuery(lease, guard, compiled, remaining, isClosed, packerFor(cached, compiled)(0));
      lastSent = small.fetch.query;
    }
    let view: EntityView;
    try {
      await begun;
      view = await lookup;
    } catch (error) {
      deps.views.delete(spec.entity);
      await dropSmall().catch(() => {});
      throw error;
    }
    if (small !== undefined && !sameView(view, cached!)) {
      // DDL since the last call: what was sent for the old shape goes, and with its COMMIT the
      // transaction, so the stream starts a new one (settings and all) and reads the view as it is now.
      await dropSmall();
      await begin();
    }
    deps.views.set(spec.entity, view);
    context = { entity: spec.entity, view: `${view.schema}.${view.view}`, statementTimeoutMs: deps.statementTimeoutMs, role: access?.role };
    const keyset = view.keyColumn !== undefined;
    outcome.keyset = keyset;
    if (from !== undefined && (from.keyset !== undefined) !== keyset) {
      throw invalidResumeToken("mode", `the resume token holds ${from.keyset === undefined ? "an offset" : "a keyset position"}, but ${spec.entity} now ${keyset ? "has" : "has no"} key column id: the view changed since the token was issued. Restart the stream without a token`);
    }
    // The small query's one batch, once its DECLARE and FETCH answered.
    let smallBatch: PackedBatch | undefined;
    const sent = small;
    if (sent !== undefined) {
      try {
        await deps.hooks.declare(view, () => guard.run(sent.declared));
        await guard.run(sent.fetch.query);
        smallBatch = sent.fetch.packer.finish();
      } catch (error) {
        if (!isRowError(error) || guard.aborted) throw error;
        // A row failed, and its FETCH sent none of the rows before it: read again as a cursor, which
        // delivers them (salvageRows), in a new transaction (COMMIT ended this one).
        await dropSmall();
        await begin();
      }
    }
    const committing = smallBatch === undefined ? undefined : sent!.ended;
    let cursor: ReturnType<typeof openCursor> | undefined;
    let packers: ((rowIndex: number) => BatchPacker) | undefined;
    // FRAISEQL_WIRE_COPY: a big stream reads through one COPY where it can end it and go on (see copyFits).
    let copied: CompiledSql | undefined;
    if (smallBatch === undefined && copyFits(deps, view, spec, remaining, keyset)) {
      copied = compileFor(view, true);
      packers = packerFor(view, copied);
    } else if (smallBatch === undefined) {
      const compiled = compileFor(view);
      packers = packerFor(view, compiled);
      const opened = openCursor(lease, guard, compiled, nextFetchRows(deps.plan, 0, 0), isClosed, packers(0));
      lastSent = opened.first.query;
      await deps.hooks.declare(view, () => guard.run(opened.declared));
      cursor = opened;
    }

    clock =
      keyset && deps.maxTransactionMs > 0
        ? new TransactionClock(deps.maxTransactionMs, () => guard.end(conn.unsafe("commit").execute()).then(() => undefined), (reason) => deps.hooks.transactionHop(reason))
        : undefined;
    let rows = 0;
    rowsProbe = deps.hooks.rows(view);
    // From asking for a batch to its arrival: time spent waiting for PostgreSQL, not for the client.
    let askedAt = performance.now();
    const batches =
      copied !== undefined
        ? copyBatches(conn, copied, deps.plan, guard, isClosed, packers!, clock, deps.statementTimeoutMs * 0.8)
        : cursor === undefined
          ? oneBatch(smallBatch!)
          : fetchBatches(conn, CURSOR, deps.plan, guard, isClosed, cursor.reopen, packers!, clock, cursor.first);
    for await (const batch of batches) {
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
    committed = committing === undefined ? await commitStream(conn, guard, deps) : await committing;
    if (!committed && committing !== undefined) deps.log.warn("COMMIT of a finished stream failed; its rows were all sent");
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
    if (lease !== undefined) await giveBack(lease, guard, connection, !committed, lost, lastSent);
    // A consumer that stopped early (cancel, deadline) ends the phase through this finally too.
    rowsProbe?.end(failure ?? (signal.aborted ? signal.reason : undefined));
  }
}

async function* oneBatch(batch: PackedBatch): AsyncGenerator<PackedBatch> {
  yield batch;
}
