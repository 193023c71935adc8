import { context, isSpanContextValid, trace } from "@opentelemetry/api";

/**
 * The trace_id and span_id of the active span, for every log line (a pino mixin): one id finds a
 * call's log lines and its trace. Empty when no span is active (telemetry off, outside a call).
 */
export function traceFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getSpan(context.active());
  if (span === undefined) return {};
  const ids = span.spanContext();
  return isSpanContextValid(ids) ? { trace_id: ids.traceId, span_id: ids.spanId } : {};
}
