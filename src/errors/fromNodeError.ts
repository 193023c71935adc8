import { WireError } from "./WireError.js";

// postgres.js reports its own connection failures with these codes; Node's socket errors use errno names.
const UNAVAILABLE_CODES = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
]);

/** Maps a postgres.js connection error or a Node socket error to DATABASE_UNAVAILABLE, else undefined. */
export function fromNodeError(error: unknown): WireError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string" || !UNAVAILABLE_CODES.has(code)) return undefined;
  const what =
    code === "ECONNREFUSED"
      ? "connection refused: is PostgreSQL running and listening on the host and port of DATABASE_URL?"
      : code === "ENOTFOUND" || code === "EAI_AGAIN"
        ? "the database host name does not resolve: check the host in DATABASE_URL and DNS."
        : code === "CONNECT_TIMEOUT" || code === "ETIMEDOUT"
          ? "connecting timed out: check network reachability and FRAISEQL_WIRE_CONNECT_TIMEOUT_MS."
          : "the connection was closed or reset while in use.";
  return new WireError("DATABASE_UNAVAILABLE", `the database is unavailable (${code}): ${what} Retry after a short delay.`, {
    cause: error,
    metadata: { errorCode: code },
  });
}
