import { SpanKind, SpanStatusCode, type Attributes, type Span, type Tracer } from "@opentelemetry/api";
import { isPostgresError } from "../errors/PostgresLike.js";
import { toWireError } from "../errors/toWireError.js";
import type { DbTarget } from "./DbTarget.js";

/**
 * postgres.js has no OpenTelemetry instrumentation, so the service's statements get their CLIENT
 * spans here, after the database conventions: db.system.name, db.namespace, db.operation.name and a
 * db.query.summary built from the operation and the catalog's view name only. No statement text:
 * it holds no values today, but a summary cannot leak a parameter or a filter literal by design.
 */
export async function dbSpan<T>(tracer: Tracer, db: DbTarget, operation: string, summary: string, extra: Attributes, run: () => Promise<T>): Promise<T> {
  const span = tracer.startSpan(summary, {
    kind: SpanKind.CLIENT,
    attributes: {
      "db.system.name": "postgresql",
      "db.namespace": db.namespace,
      "db.operation.name": operation,
      "db.query.summary": summary,
      ...(db.host === undefined ? {} : { "server.address": db.host, "server.port": db.port }),
      ...extra,
    },
  });
  try {
    return await run();
  } catch (error) {
    failed(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** Marks a span as failed with the error's reason (and SQLSTATE), never its message: it can quote values. */
export function failed(span: Span, error: unknown): void {
  if (!span.isRecording()) return;
  const wire = toWireError(error);
  const sqlstate = isPostgresError(error) ? error.code : wire.metadata["sqlstate"];
  span.setAttributes({ "error.type": wire.reason, "fraiseql.error.reason": wire.reason, ...(sqlstate === undefined ? {} : { "db.response.status_code": sqlstate }) });
  if (wire.facts.category !== "cancelled") span.setStatus({ code: SpanStatusCode.ERROR, message: wire.reason });
}
