import { randomUUID } from "node:crypto";
import { status as Status, type Metadata } from "@grpc/grpc-js";
import { factsOf } from "../errors/catalog.js";
import type { StreamItem } from "../stream/RowChunk.js";
import type { CallOutcome } from "../telemetry/CallTelemetry.js";
import { CallRecord } from "./CallRecord.js";
import { QUERY_SERVICE_NAME } from "./HealthMonitor.js";
import type { ServerState } from "./ServerState.js";

/** The parts of a grpc-js server call the wrapper reads; `write` only on server-streaming calls. */
interface ObservedCall {
  readonly metadata: Metadata;
  readonly cancelled: boolean;
  getPeer(): string;
  getHost(): string;
  getDeadline(): Date | number;
  once(event: "drain", listener: () => void): unknown;
  write?: (item: StreamItem, ...rest: never[]) => boolean;
}

/**
 * Wraps one RPC handler, once, for what operators see of the call: its span (continuing the
 * caller's trace), its metrics and one access-log line at info. The handler gets a CallRecord (its
 * request id, and where it reports the entity and its error); what goes out is counted here, by
 * watching the call's writes: rows, bytes, messages, the first row, and each wait for a client
 * whose flow-control window is full. The access line carries no filter: values can be personal data.
 */
export async function observeCall(state: ServerState, method: string, call: ObservedCall, body: (record: CallRecord) => Promise<void>): Promise<void> {
  const record = new CallRecord(randomUUID(), process.hrtime.bigint());
  const streaming = typeof call.write === "function";
  const telemetry = state.telemetry.startCall({
    service: QUERY_SERVICE_NAME,
    method,
    streaming,
    requestId: record.requestId,
    authority: call.getHost(),
    peer: call.getPeer(),
    headers: { get: (key) => call.metadata.get(key).map(String), keys: () => Object.keys(call.metadata.getMap()) },
  });
  const sent = { rows: 0, bytes: 0, messages: 0, firstRowAt: undefined as bigint | undefined, ttfrMicros: undefined as number | undefined };
  if (streaming) {
    const write = call.write!;
    let blocked = false;
    const drained = (): void => {
      blocked = false;
      telemetry.unblocked();
    };
    call.write = function (this: unknown, item: StreamItem, ...rest: never[]): boolean {
      const room = write.call(this, item, ...rest);
      sent.messages += 1;
      if (item.kind === "rows") {
        sent.firstRowAt ??= process.hrtime.bigint();
        sent.rows += item.chunk.rows.length;
        for (const row of item.chunk.rows) sent.bytes += row.length;
      } else if (item.stats.rows > 0) {
        sent.ttfrMicros = item.stats.timeToFirstRowMicros;
      }
      if (!room && !blocked) {
        blocked = true;
        telemetry.blocked();
        call.once("drain", drained);
      }
      return room;
    };
    try {
      await telemetry.run(() => body(record));
    } finally {
      drained();
    }
  } else {
    await telemetry.run(() => body(record));
    if (record.error === undefined && !call.cancelled) sent.messages = 1;
  }

  const durationMicros = Number((process.hrtime.bigint() - record.startedAt) / 1000n);
  const failure = record.error;
  const error =
    failure !== undefined
      ? { code: failure.facts.code as number, reason: failure.reason as string, category: failure.facts.category as string, cause: failure.cause }
      : call.cancelled
        ? cancelled(call)
        : undefined;
  const outcome: CallOutcome = {
    code: error === undefined ? Status.OK : error.code,
    error,
    rows: sent.rows,
    bytes: sent.bytes,
    messages: sent.messages,
    timeToFirstRowMicros: sent.ttfrMicros ?? (sent.firstRowAt === undefined ? undefined : Number((sent.firstRowAt - record.startedAt) / 1000n)),
    durationMicros,
    resumed: record.resumed,
    caller: record.caller,
  };
  telemetry.run(() =>
    state.log.info(
      {
        method,
        entity: record.entity === "" ? undefined : record.entity.slice(0, 128),
        rows: outcome.rows,
        bytes: outcome.bytes,
        durationMs: durationMicros / 1000,
        ttfrMs: outcome.timeToFirstRowMicros === undefined ? undefined : outcome.timeToFirstRowMicros / 1000,
        status: Status[outcome.code],
        reason: error?.reason,
        requestId: record.requestId,
        caller: record.caller,
        peer: call.getPeer(),
      },
      "access",
    ),
  );
  telemetry.end(outcome);
}

const DEADLINE_SLACK_MS = 20;

/** A call the client cancelled, or whose deadline passed, before the handler reported anything. */
function cancelled(call: ObservedCall): { code: number; reason: string; category: string; cause?: unknown } {
  const deadline = call.getDeadline();
  const ms = deadline instanceof Date ? deadline.getTime() : deadline;
  // grpc-js ends a call at its deadline with a timer, which may fire a few milliseconds before
  // Date.now() reaches the deadline: a call cancelled that close to it is the deadline's doing.
  const reason = Number.isFinite(ms) && ms <= Date.now() + DEADLINE_SLACK_MS ? "DEADLINE_EXCEEDED" : "QUERY_CANCELLED";
  const facts = factsOf(reason);
  return { code: facts.code, reason, category: facts.category };
}
