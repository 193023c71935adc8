import { StatusCode } from "./StatusCode.js";
import { WireClientError } from "./WireClientError.js";

const none = { retryDelayMs: undefined, helpLinks: [], requestId: undefined, metadata: {}, fieldViolations: [] };

/** The caller's AbortSignal fired: the SDK cancelled the call (the server frees its connection). */
export function cancelledError(reason: unknown, rowsReceived: number, nextOffset: number | undefined): WireClientError {
  return new WireClientError(
    "the query was cancelled by its AbortSignal",
    { ...none, code: StatusCode.CANCELLED, reason: "QUERY_CANCELLED", category: "cancelled", retriable: false, rowsReceived, nextOffset },
    { cause: reason },
  );
}

/**
 * The stream ended with status OK but without its final stats message, so rows may be missing
 * (a proxy or a load balancer closed it early). Retriable: auto-resume continues after the last
 * row received.
 */
export function cutShortError(rowsReceived: number): WireClientError {
  return new WireClientError(
    `the stream ended without its final stats message after ${rowsReceived} rows: it was cut short`,
    { ...none, code: StatusCode.UNAVAILABLE, reason: "STREAM_INTERRUPTED", category: "connection", retriable: true, rowsReceived, nextOffset: undefined },
  );
}

/**
 * A resumed call did not continue where the previous one stopped: something between the client
 * and the service (or a service without resume tokens) ignored the token. Never retried: taking
 * its rows could deliver a row twice or skip one.
 */
export function resumeMismatchError(expected: number, got: number, address: string): WireClientError {
  return new WireClientError(
    `the resumed stream from ${address} started at row ${got} instead of row ${expected}: the server did not honour the resume token. Restart the query, or disable auto-resume with .resume(false)`,
    { ...none, code: StatusCode.INTERNAL, reason: "RESUME_MISMATCH", category: "internal", retriable: false, rowsReceived: 0, nextOffset: undefined },
  );
}
