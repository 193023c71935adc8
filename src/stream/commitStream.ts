import type { Sql } from "../db/Sql.js";
import type { StatementGuard } from "./StatementGuard.js";
import type { StreamDeps } from "./StreamDeps.js";

// Every row was read: a READ ONLY transaction that fails to commit changes nothing the client got.
export async function commitStream(conn: Sql, guard: StatementGuard, deps: StreamDeps): Promise<boolean> {
  try {
    await guard.end(conn.unsafe("commit").execute());
    return true;
  } catch (error) {
    deps.log.warn({ cause: error instanceof Error ? error.message : String(error) }, "COMMIT of a finished stream failed; its rows were all sent");
    return false;
  }
}
