import { describeState } from "./conditionName.js";
import type { StateMapping } from "./StateMapping.js";

const RETRY = "Retry after a short delay; if rows had arrived, resume from nextOffset (ErrorInfo metadata).";

/**
 * SQLSTATEs about the server's database connection rather than the query: classes 08, 28, 3D, 53,
 * 57P01..57P03, and the session timeouts 25P03/25P04. Their messages name no host, port, user or
 * database: those are the operators' business, in the server's log under the same request id.
 */
export function fromConnectionState(state: string): StateMapping | undefined {
  const cls = state.slice(0, 2);
  const named = describeState(state);
  if (cls === "08" || state === "57P01" || state === "57P02" || state === "57P03" || state === "25P03" || state === "25P04") {
    const what =
      state === "25P03" || state === "25P04"
        ? "PostgreSQL ended the stream's session on its idle_in_transaction_session_timeout or transaction_timeout (a slow reader keeps the transaction open; operators can raise them for the server's role)"
        : state === "57P01"
        ? "PostgreSQL terminated the server's connection (an administrator's pg_terminate_backend() or a fast shutdown)"
        : state === "57P02"
          ? "PostgreSQL terminated the server's connection because another backend crashed"
          : state === "57P03"
            ? "PostgreSQL is starting up, shutting down or in recovery and accepts no connections yet"
            : "the connection to PostgreSQL failed";
    return {
      reason: "DATABASE_UNAVAILABLE",
      message: `the database is unavailable: ${what} (${named}). ${RETRY} Operators: check that PostgreSQL is up (pg_isready) and read its log.`,
    };
  }
  if (cls === "28") {
    const what =
      state === "28P01"
        ? "PostgreSQL rejected the password of the server's database role"
        : "PostgreSQL refused the server's database role (no pg_hba.conf entry allows it, or the role may not log in)";
    return {
      reason: "DATABASE_AUTH_FAILED",
      message: `the server cannot log in to its database: ${what} (${named}). Retrying will not help: operators must fix the user and password in the server's DATABASE_URL (or pg_hba.conf, or the role's LOGIN and VALID UNTIL) and restart it.`,
    };
  }
  if (state === "3D000") {
    return {
      reason: "DATABASE_NOT_FOUND",
      message: `the database named in the server's DATABASE_URL does not exist (${named}). Retrying will not help: operators must create it (createdb) or fix the database name at the end of DATABASE_URL, then restart the server.`,
    };
  }
  if (cls === "53") {
    const what =
      state === "53300"
        ? "it refused a new connection: too many connections are open (max_connections, or the role's CONNECTION LIMIT)"
        : state === "53100"
          ? "its disk is full"
          : state === "53200"
            ? "it ran out of memory"
            : "it ran out of a resource";
    const fix =
      state === "53300"
        ? "Operators: keep the sum of FRAISEQL_WIRE_POOL_SIZE over all instances below max_connections (or the role's CONNECTION LIMIT), or raise those."
        : "Operators: check PostgreSQL's disk, memory (work_mem, shared_buffers) and its log.";
    return { reason: "DATABASE_RESOURCE_EXHAUSTED", message: `PostgreSQL is out of capacity: ${what} (${named}). Retry after a few seconds. ${fix}` };
  }
  return undefined;
}
