// postgres.js codes for a connection that is gone, and Node's socket errors that end one.
const LOST_CODES = new Set(["CONNECTION_CLOSED", "CONNECTION_DESTROYED", "CONNECTION_ENDED", "ECONNRESET", "EPIPE", "ETIMEDOUT"]);

/**
 * True when `error` means the database connection it came from is closed: a postgres.js or socket
 * error above, or a PostgreSQL error of severity FATAL or PANIC (the backend exits after sending it).
 * The stream layer must then neither query nor release that connection: postgres.js 3.4.9 puts a
 * released dead connection back in its pool, and the next write on it throws from a timer, outside
 * any promise, and kills the process (porsager/postgres issue 1208).
 */
export function isConnectionLost(error: unknown): boolean {
  const fields = error as { code?: unknown; severity?: unknown } | null;
  if (typeof fields?.code === "string" && LOST_CODES.has(fields.code)) return true;
  return fields?.severity === "FATAL" || fields?.severity === "PANIC";
}
