import { StatusCode } from "./StatusCode.js";
import { WireClientError } from "./WireClientError.js";

const none = { retryDelayMs: undefined, helpLinks: [], requestId: undefined, metadata: {}, fieldViolations: [] };

/** The caller's AbortSignal fired: the SDK cancelled the call (the server frees its connection). */
export function cancelledError(reason: unknown, rowsReceived: number, nextOffset: number): WireClientError {
  return new WireClientError(
    "the query was cancelled by its AbortSignal",
    { ...none, code: StatusCode.CANCELLED, reason: "QUERY_CANCELLED", category: "cancelled", retriable: false, rowsReceived, nextOffset },
    { cause: reason },
  );
}

/**
 * The stream ended with status OK but without its final stats message, so rows may be missing
 * (a proxy or a load balancer closed it early). Retriable: resume with offset(nextOffset).
 */
export function cutShortError(rowsReceived: number, nextOffset: number): WireClientError {
  return new WireClientError(
    `the stream ended without its final stats message after ${rowsReceived} rows: it was cut short. Retry with offset(${nextOffset}) to resume.`,
    { ...none, code: StatusCode.UNAVAILABLE, reason: "STREAM_INTERRUPTED", category: "connection", retriable: true, rowsReceived, nextOffset },
  );
}
