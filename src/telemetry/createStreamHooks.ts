import { SpanKind, type Tracer } from "@opentelemetry/api";
import type { EntityView } from "../db/EntityView.js";
import type { RowsProbe, StreamHooks } from "../stream/StreamHooks.js";
import { activeCallState } from "./callState.js";
import type { DbTarget } from "./DbTarget.js";
import { dbSpan, failed } from "./dbSpan.js";
import type { WireMetrics } from "./WireMetrics.js";

/**
 * The stream hooks while SDK telemetry runs: a span for each step of a stream (children of the
 * call's span, found in the active context) and the pool and connection metrics. One span for the
 * whole rows phase: fetches and waits are counted on it, never a span per fetch.
 */
export function createStreamHooks(tracer: Tracer, metrics: WireMetrics, db: DbTarget): StreamHooks {
  const pool = { "db.client.connection.pool.name": metrics.poolName };
  return {
    async waitForSlot(run) {
      const span = tracer.startSpan("fraiseql.pool.wait", { kind: SpanKind.INTERNAL, attributes: pool });
      const startedAt = performance.now();
      try {
        return await run();
      } catch (error) {
        failed(span, error);
        throw error;
      } finally {
        metrics.poolWaitTime.record((performance.now() - startedAt) / 1000, pool);
        span.end();
      }
    },
    begin: (run) => dbSpan(tracer, db, "BEGIN", "BEGIN", {}, run),
    async lookup(run) {
      const span = tracer.startSpan("fraiseql.catalog.lookup", { kind: SpanKind.INTERNAL });
      try {
        const view = await run();
        // From here on the entity is the catalog's name: a bounded set, safe as a metric attribute.
        const call = activeCallState();
        if (call !== undefined) {
          call.entity = view.qualifiedName;
          call.span.setAttributes(entityAttributes(view));
        }
        span.setAttributes(entityAttributes(view));
        return view;
      } catch (error) {
        failed(span, error);
        throw error;
      } finally {
        span.end();
      }
    },
    declare: (view, run) =>
      dbSpan(tracer, db, "DECLARE", `DECLARE SELECT ${view.schema}.${view.view}`, { "db.collection.name": `${view.schema}.${view.view}` }, run),
    rows: (view) => rowsSpan(tracer, view),
    connectionLost() {
      metrics.connectionsLost.add(1);
      activeCallState()?.span.addEvent("database connection lost");
    },
    transactionHop(reason) {
      metrics.transactionHops.add(1, { "fraiseql.hop.reason": reason });
      activeCallState()?.span.addEvent("transaction hop", { "fraiseql.hop.reason": reason });
    },
  };
}

function entityAttributes(view: EntityView): Record<string, string> {
  return { "fraiseql.entity": view.qualifiedName, "fraiseql.view": `${view.schema}.${view.view}` };
}

function rowsSpan(tracer: Tracer, view: EntityView): RowsProbe {
  const span = tracer.startSpan("fraiseql.stream", { kind: SpanKind.INTERNAL, attributes: entityAttributes(view) });
  const call = activeCallState();
  const waitsBefore = call?.backpressureWaits ?? 0;
  const msBefore = call?.backpressureMs ?? 0;
  let fetches = 0;
  let rows = 0;
  let fetchWaitMs = 0;
  return {
    fetched(n, waitMs) {
      if (fetches === 0) span.addEvent("first batch", { "fraiseql.rows": n, "fraiseql.fetch.wait_ms": waitMs });
      fetches += 1;
      rows += n;
      fetchWaitMs += waitMs;
    },
    end(error) {
      // A wait still open (the client cancelled while the stream waited for it) counts too.
      const open = call?.blockedAt === undefined ? undefined : performance.now() - call.blockedAt;
      span.setAttributes({
        "fraiseql.fetches": fetches,
        "fraiseql.fetch.rows": rows,
        "fraiseql.fetch.wait_ms": round(fetchWaitMs),
        "fraiseql.backpressure.waits": (call?.backpressureWaits ?? 0) - waitsBefore + (open === undefined ? 0 : 1),
        "fraiseql.backpressure.wait_ms": round((call?.backpressureMs ?? 0) - msBefore + (open ?? 0)),
      });
      if (error !== undefined) failed(span, error);
      span.end();
    },
  };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
