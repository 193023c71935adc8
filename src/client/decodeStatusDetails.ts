import { BadRequest, ErrorInfo, Help, RequestInfo, RetryInfo } from "../../generated/google/rpc/error_details.js";
import { Status } from "../../generated/google/rpc/status.js";
import type { FieldViolation, HelpLink } from "./WireClientError.js";

/** The parts of a google.rpc.Status the SDK surfaces; absent details stay undefined or empty. */
export interface StatusDetails {
  readonly message: string;
  readonly errorInfo: ErrorInfo | undefined;
  readonly retryDelayMs: number | undefined;
  readonly helpLinks: readonly HelpLink[];
  readonly fieldViolations: readonly FieldViolation[];
  readonly requestId: string | undefined;
}

const TYPE_PREFIX = "type.googleapis.com/google.rpc.";

/**
 * Decodes the grpc-status-details-bin trailer (a serialised google.rpc.Status, AIP-193) with the
 * generated google/rpc types. Returns undefined when the bytes are not a Status, so a garbled
 * trailer degrades to the plain gRPC status instead of hiding the error.
 */
export function decodeStatusDetails(bytes: Uint8Array): StatusDetails | undefined {
  let status: Status;
  try {
    status = Status.decode(bytes);
  } catch {
    return undefined;
  }
  const all = <T>(name: string, type: { decode(input: Uint8Array): T }): T[] => {
    const out: T[] = [];
    for (const detail of status.details) {
      if (detail.typeUrl !== TYPE_PREFIX + name) continue;
      try {
        out.push(type.decode(detail.value));
      } catch {
        // One undecodable detail must not cost the others.
      }
    }
    return out;
  };
  const retry = all("RetryInfo", RetryInfo)[0]?.retryDelay;
  return {
    message: status.message,
    errorInfo: all("ErrorInfo", ErrorInfo)[0],
    retryDelayMs: retry === undefined ? undefined : retry.seconds * 1000 + Math.round(retry.nanos / 1e6),
    helpLinks: all("Help", Help).flatMap((h) => h.links.map((l) => ({ description: l.description, url: l.url }))),
    fieldViolations: all("BadRequest", BadRequest).flatMap((b) =>
      b.fieldViolations.map((v) => ({ field: v.field, description: v.description })),
    ),
    requestId: all("RequestInfo", RequestInfo)[0]?.requestId || undefined,
  };
}
