import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type Tracer } from "@opentelemetry/api";
import { isPostgresError } from "../errors/PostgresLike.js";
import type { CallOutcome, CallStart, CallTelemetry } from "./CallTelemetry.js";
import { CALL_STATE, type CallState } from "./callState.js";
import { hostAndPort } from "./hostAndPort.js";
import { WireMetrics } from "./WireMetrics.js";

// gRPC codes that mark a server span as failed (OpenTelemetry RPC conventions, gRPC): UNKNOWN,
// DEADLINE_EXCEEDED, UNIMPLEMENTED, INTERNAL, UNAVAILABLE, DATA_LOSS. The others are the caller's.
const SERVER_ERRORS = new Set([2, 4, 12, 13, 14, 15]);

/**
 * The telemetry of one RPC while SDK telemetry runs: a SERVER span that continues the caller's
 * trace (W3C traceparent/tracestate from the metadata), and the call's metrics at its end.
 */
export class ActiveCall implements CallTelemetry {
  private readonly span: Span;
  private readonly state: CallState;
  private readonly scope: Context;

  constructor(
    tracer: Tracer,
    private readonly metrics: WireMetrics,
    private readonly start: CallStart,
  ) {
    const parent = propagation.extract(ROOT_CONTEXT, start.headers, {
      get: (carrier, key) => carrier.get(key),
      keys: (carrier) => carrier.keys(),
    });
    const server = hostAndPort(start.authority);
    const peer = hostAndPort(start.peer);
    this.span = tracer.startSpan(
      `${start.service}/${start.method}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          "rpc.system": "grpc",
          "rpc.service": start.service,
          "rpc.method": start.method,
          ...(server === undefined ? {} : { "server.address": server.host, "server.port": server.port }),
          ...(peer === undefined ? {} : { "network.peer.address": peer.host, "network.peer.port": peer.port }),
          "fraiseql.request_id": start.requestId,
        },
      },
      parent,
    );
    this.state = { span: this.span, entity: undefined, backpressureWaits: 0, backpressureMs: 0, blockedAt: undefined };
    this.scope = trace.setSpan(parent, this.span).setValue(CALL_STATE, this.state);
    if (start.streaming) metrics.activeStreams.add(1);
  }

  run<T>(body: () => T): T {
    return context.with(this.scope, body);
  }

  blocked(): void {
    this.state.blockedAt ??= performance.now();
  }

  unblocked(): void {
    const { state } = this;
    if (state.blockedAt === undefined) return;
    const ms = performance.now() - state.blockedAt;
    state.blockedAt = undefined;
    state.backpressureWaits += 1;
    state.backpressureMs += ms;
    this.metrics.backpressureWait.record(ms / 1000);
  }

  end(outcome: CallOutcome): void {
    const { start, metrics, span, state } = this;
    const rpc: Attributes = { "rpc.system": "grpc", "rpc.service": start.service, "rpc.method": start.method, "rpc.grpc.status_code": outcome.code };
    metrics.callDuration.record(outcome.durationMicros / 1e6, rpc);
    if (start.streaming) metrics.activeStreams.add(-1);
    if (state.entity !== undefined) {
      const entity = WireMetrics.entity(state.entity);
      if (outcome.rows > 0) {
        metrics.rowsSent.add(outcome.rows, entity);
        metrics.bytesSent.add(outcome.bytes, entity);
      }
      if (outcome.timeToFirstRowMicros !== undefined) metrics.timeToFirstRow.record(outcome.timeToFirstRowMicros / 1e6, entity);
      if (start.streaming) metrics.messagesPerStream.record(outcome.messages, entity);
      if (outcome.resumed) metrics.resumes.add(1, entity);
    }
    if (outcome.error !== undefined) {
      metrics.errors.add(1, { "rpc.method": start.method, "fraiseql.error.reason": outcome.error.reason, "fraiseql.error.category": outcome.error.category });
    }
    if (!span.isRecording()) return span.end();
    span.setAttributes({
      "rpc.grpc.status_code": outcome.code,
      "fraiseql.rows": outcome.rows,
      "fraiseql.bytes": outcome.bytes,
      "fraiseql.messages": outcome.messages,
      "fraiseql.resumed": outcome.resumed,
      ...(outcome.caller === undefined ? {} : { "enduser.id": outcome.caller }),
      ...(outcome.timeToFirstRowMicros === undefined ? {} : { "fraiseql.time_to_first_row_ms": outcome.timeToFirstRowMicros / 1000 }),
    });
    if (outcome.error !== undefined) {
      span.setAttributes({ "error.type": outcome.error.reason, "fraiseql.error.reason": outcome.error.reason, "fraiseql.error.category": outcome.error.category });
      // The cause of an INTERNAL error: its type and SQLSTATE only. Its message can quote a value
      // (PostgreSQL's "invalid input syntax for type integer: …"); the log line has it.
      const cause = outcome.error.cause;
      if (outcome.error.reason === "INTERNAL" && cause !== undefined) {
        span.addEvent("exception", {
          "exception.type": cause instanceof Error ? cause.name : typeof cause,
          ...(isPostgresError(cause) ? { "db.response.status_code": cause.code } : {}),
        });
      }
    }
    if (SERVER_ERRORS.has(outcome.code)) span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.error?.reason ?? `gRPC status ${outcome.code}` });
    span.end();
  }
}
