import { randomBytes } from "node:crypto";
import { ConnectionWatch, type ConnectionState } from "../db/ConnectionWatch.js";
import { lookupEntity } from "../db/lookupEntity.js";
import type { ReservedSql } from "../db/Sql.js";
import { isConnectionLost } from "../errors/isConnectionLost.js";
import type { QueryContext } from "../errors/QueryContext.js";
import { toWireError } from "../errors/toWireError.js";
import { compileSelect } from "../query/compileSelect.js";
import type { QuerySpec } from "../query/QuerySpec.js";
import { abortable } from "./abortable.js";
import { connectionClosed } from "./connectionClosed.js";
import { fetchBatches } from "./fetchBatches.js";
import { packRows } from "./packRows.js";
import { rollback } from "./rollback.js";
import type { StreamItem } from "./RowChunk.js";
import type { StreamDeps } from "./StreamDeps.js";

const CURSOR = "fraiseql_wire_rows";

/**
 * Streams one query as chunks of raw rows, then an `end` item with the totals. It holds one pooled
 * connection inside a READ ONLY transaction for its whole life and gives it back on every exit:
 * success, error, abort, or the consumer simply stopping (return() on the generator).
 */
export async function* streamQuery(
  deps: StreamDeps,
  spec: QuerySpec,
  signal: AbortSignal,
  startedAt: bigint = process.hrtime.bigint(),
): AsyncGenerator<StreamItem> {
  const releaseSlot = await deps.slots.acquire(signal);
  let conn: ReservedSql | undefined;
  let committed = false;
  // Set once the view is known, so a database error can name the entity and view it interrupted.
  let context: QueryContext | undefined;
  let lost = false;
  let connection: ConnectionState | undefined;
  try {
    conn = await abortable(deps.sql.reserve(), signal);
    const reserved = conn;
    const tag = randomBytes(8).toString("hex");
    await abortable(
      Promise.all([
        reserved.unsafe(`begin transaction read only ${ConnectionWatch.tagComment(tag)}`).execute(),
        reserved`select set_config('statement_timeout', ${String(deps.statementTimeoutMs)}, true)`.execute(),
      ]),
      signal,
    );
    connection = deps.watch.track(tag);
    const open = connection;
    const view = await lookupEntity(reserved, deps.scope, spec.entity);
    context = { entity: spec.entity, view: `${view.schema}.${view.view}`, statementTimeoutMs: deps.statementTimeoutMs };
    const compiled = compileSelect({
      schema: view.schema,
      view: view.view,
      dataType: view.dataType,
      keyColumn: view.keyColumn,
      filter: spec.filter,
      orderBy: spec.orderBy,
      limit: spec.limit,
      offset: spec.offset,
    });
    // compiled.text holds only our templates and catalog-checked identifiers; every value is in params.
    await abortable(reserved.unsafe(`declare ${CURSOR} no scroll cursor for ${compiled.text}`, [...compiled.params]).execute(), signal);

    const caps = { maxRows: spec.chunkRows, maxBytes: spec.chunkBytes, serverMaxBytes: deps.maxChunkBytes };
    let rows = 0;
    let bytes = 0;
    let messages = 0;
    let firstRowAt: bigint | undefined;
    for await (const batch of fetchBatches(reserved, CURSOR, deps.plan, signal, () => open.closed)) {
      for (const chunk of packRows(batch, caps, rows)) {
        firstRowAt ??= process.hrtime.bigint();
        rows += chunk.rows.length;
        for (const row of chunk.rows) bytes += row.length;
        messages += 1;
        yield { kind: "rows", chunk };
      }
    }
    if (open.closed) throw connectionClosed();
    await reserved.unsafe("commit");
    committed = true;
    const endAt = process.hrtime.bigint();
    yield {
      kind: "end",
      stats: {
        rows,
        bytes,
        timeToFirstRowMicros: Number(((firstRowAt ?? endAt) - startedAt) / 1000n),
        durationMicros: Number((endAt - startedAt) / 1000n),
        messages: messages + 1,
      },
    };
  } catch (error) {
    lost = isConnectionLost(error);
    throw toWireError(error, context);
  } finally {
    connection?.stop();
    // A dead connection is left to postgres.js, which reconnects it: see isConnectionLost.
    if (conn !== undefined && !lost && connection?.closed !== true) {
      if (!committed) await rollback(conn);
      conn.release();
    }
    releaseSlot();
  }
}
