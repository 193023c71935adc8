import type { StatusObject } from "@grpc/grpc-js";
import type { Logger } from "pino";
import { toWireError } from "../errors/toWireError.js";
import type { CallRecord } from "./CallRecord.js";
import { toGrpcStatus } from "./toGrpcStatus.js";

// Categories that describe the caller's request or choice, not a problem of the service: info, not warn.
const QUIET = new Set<string>(["request", "schema", "cancelled", "lifecycle"]);

export interface ErrorContext {
  readonly requestId: string;
  readonly method: string;
  readonly log: Logger;
  readonly debugErrors: boolean;
  /** Extra ErrorInfo metadata known only to the caller, e.g. rows already sent. */
  readonly metadata?: Readonly<Record<string, string | number | boolean>>;
  /** The call's record: the error it ended with goes to its span, metrics and access-log line. */
  readonly record?: CallRecord;
}

/**
 * The error funnel of every RPC: normalise, log (the cause stays here, never in the status), and
 * convert to a gRPC status exactly once.
 */
export function reportError(error: unknown, context: ErrorContext): StatusObject {
  let wire = toWireError(error);
  if (context.metadata !== undefined) wire = wire.withMetadata(context.metadata);
  if (context.record !== undefined) context.record.error = wire;
  const fields = {
    requestId: context.requestId,
    method: context.method,
    reason: wire.reason,
    category: wire.facts.category,
    metadata: wire.metadata,
  };
  if (wire.reason === "INTERNAL") {
    context.log.error({ ...fields, err: loggable(wire.cause ?? wire) }, "request failed with an internal error");
  } else if (!QUIET.has(wire.facts.category)) {
    context.log.warn({ ...fields, cause: wire.debugDetail ?? describe(wire.cause) }, wire.message);
  } else {
    context.log.info({ ...fields, cause: wire.debugDetail }, wire.message);
  }
  return toGrpcStatus(wire, context.requestId, context.debugErrors);
}

function describe(cause: unknown): string | undefined {
  return cause instanceof Error ? `${cause.name}: ${cause.message}` : undefined;
}

// postgres.js attaches the query text and parameters to its errors (enumerable under its `debug`
// option); parameters hold filter values, so logs get only these fields.
function loggable(cause: unknown): unknown {
  if (!(cause instanceof Error)) return cause;
  const { code, severity, routine } = cause as { code?: unknown; severity?: unknown; routine?: unknown };
  return { type: cause.name, message: cause.message, code, severity, routine, stack: cause.stack };
}
