import type { ConnectionPool } from "./ConnectionPool.js";
import type { StreamSlots } from "./StreamSlots.js";

export interface PoolParts {
  readonly pool: ConnectionPool;
  readonly slots: StreamSlots;
  /** How long the probe's `select 1` may take before the connection counts as stuck. */
  readonly answerMs: number;
}

/**
 * Whether the pool can still hand a stream a working connection, checked the way a stream gets one:
 * undefined when it can, else why not. The pool must never have more connections out than streams
 * hold slots (a leak), and a free connection must answer in time. The pool holds one connection
 * more than there are stream slots, so the probe never takes a slot and never makes a call wait
 * (a probe that took a slot turned a call away on a loaded machine).
 */
export async function probePool({ pool, slots, answerMs }: PoolParts): Promise<string | undefined> {
  if (pool.outstanding > slots.busy) {
    return `the pool leaks connections: ${pool.outstanding} held, but only ${slots.busy} streams running`;
  }
  const lease = pool.take();
  const silence = new Error(`a pooled connection gave no answer within ${answerMs} ms`);
  let timer: NodeJS.Timeout | undefined;
  let answered = false;
  try {
    const ping = lease.sql`select 1`.execute();
    const silent = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(silence), answerMs);
    });
    await Promise.race([ping, silent]);
    answered = true;
    return undefined;
  } catch (error) {
    // A connection that died while idle is replaced and reconnects: no outage. Silence is one.
    return error === silence ? silence.message : undefined;
  } finally {
    clearTimeout(timer);
    if (answered) lease.release();
    else lease.discard();
  }
}
