import type { Lease } from "../db/ConnectionPool.js";
import type { ConnectionState } from "../db/PooledConnection.js";
import { rollback } from "./rollback.js";
import type { RunningStatement, StatementGuard } from "./StatementGuard.js";

/**
 * Gives a stream's connection back: released when sound (no statement running, no transaction
 * open), destroyed and replaced otherwise. `lastSent` is the last statement the stream sent ahead
 * of awaiting it: see below.
 */
export async function giveBack(
  lease: Lease,
  guard: StatementGuard,
  connection: ConnectionState | undefined,
  inTransaction: boolean,
  lost: boolean,
  lastSent: RunningStatement<unknown> | undefined,
): Promise<void> {
  const dead = (): boolean => lost || guard.timedOut || connection?.closed === true;
  if (!dead()) {
    // An abort may have left a statement running: stop it, and let every cancel land, before
    // ROLLBACK, so that no cancel can reach the next stream on this connection. Statements sent
    // in one pipeline end in order: stopping the last one sent stops them all (an abort while the
    // lookup or DECLARE was awaited leaves the FETCH behind it running otherwise).
    await guard.stop();
    if (lastSent !== undefined && !dead()) await guard.stop(lastSent);
    if (!dead()) await guard.cancelsDelivered();
  }
  const sound = !dead() && (!inTransaction || (await rollback(lease.sql, guard)));
  if (sound) return lease.release();
  // Dead, unanswered, or stuck in a transaction: never back to the pool as it is. Closing the socket
  // frees it at once even behind a partition; the instance is replaced.
  connection?.destroy();
  lease.discard();
}
