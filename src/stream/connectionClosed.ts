/**
 * The error for a stream whose reserved connection closed while it waited for the client. It has
 * postgres.js's CONNECTION_CLOSED code, so the catalog maps it (DATABASE_UNAVAILABLE, retriable)
 * and isConnectionLost keeps the dead connection away from any further statement.
 */
export function connectionClosed(): Error {
  return Object.assign(
    new Error("the database closed this stream's connection while the stream waited for its client to read"),
    { code: "CONNECTION_CLOSED" },
  );
}
