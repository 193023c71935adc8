import type { Sql } from "../db/Sql.js";
import { isConnectionLost } from "../errors/isConnectionLost.js";
import type { StatementGuard } from "./StatementGuard.js";

/**
 * Rolls back a stream's transaction before its connection goes back to the pool; true when the
 * connection may be released. A CancelRequest sent for a FETCH travels on another connection and
 * can land late, on this ROLLBACK (57014); released then, the connection would stay inside the
 * aborted transaction and fail the next stream with 25P02 (seen in the soak test). A cancel hits
 * one statement only, so trying again suffices. A lost connection or no answer in time: false.
 */
export async function rollback(conn: Sql, guard: StatementGuard, attempts = 3): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    try {
      await guard.end(conn.unsafe("rollback").execute());
      return true;
    } catch (error) {
      if (guard.timedOut || isConnectionLost(error)) return false;
    }
  }
  return false;
}
