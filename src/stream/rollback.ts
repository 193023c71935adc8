import type { ReservedSql } from "../db/Sql.js";

/**
 * Rolls back a stream's transaction before its connection goes back to the pool. A CancelRequest
 * sent for a FETCH travels on another connection and can land late, on this ROLLBACK (57014);
 * released then, the connection would stay inside the aborted transaction and fail the next stream
 * with 25P02 (seen in the soak test). A cancel hits one statement only, so trying again suffices.
 */
export async function rollback(conn: ReservedSql, attempts = 3): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    try {
      await conn.unsafe("rollback");
      return true;
    } catch {
      // Tried again below: see above.
    }
  }
  return false;
}
