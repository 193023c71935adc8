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
 * hold slots (a leak), and a free connection must answer in time. The probe runs only when a slot
 * is free at once, so it never turns a call away; a call arriving meanwhile waits a moment for it.
 */
export async function probePool({ pool, slots, answerMs }: PoolParts): Promise<string | undefined> {
  if (pool.outstanding > slots.busy) {
    return `the pool leaks connections: ${pool.outstanding} held, but only ${slots.busy} streams running`;
  }
  const releaseSlot = slots.tryAcquire();
  if (releaseSlot === undefined) return undefined;
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
    releaseSlot();
  }
}
