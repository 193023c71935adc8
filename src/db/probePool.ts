import { randomBytes } from "node:crypto";
import { isConnectionLost } from "../errors/isConnectionLost.js";
import type { ConnectionLedger } from "./ConnectionLedger.js";
import type { ConnectionWatch } from "./ConnectionWatch.js";
import type { StreamSlots } from "./StreamSlots.js";

export interface PoolParts {
  readonly ledger: ConnectionLedger;
  readonly slots: StreamSlots;
  readonly watch: ConnectionWatch;
  /** How long the probe's `select 1` may take before the connection counts as dead. */
  readonly answerMs: number;
}

/**
 * Whether the pool can still hand a stream a working connection, checked the way a stream gets one:
 * undefined when it can, else why not. The ledger must never show more connections out than
 * streams hold slots (a leak), and while a slot is free a connection must come within the wait.
 * The probe takes no slot, so it never turns a call away; a stream arriving meanwhile waits for
 * the connection a moment at most.
 */
export async function probePool({ ledger, slots, watch, answerMs }: PoolParts): Promise<string | undefined> {
  if (ledger.outstanding > slots.busy) {
    return `the pool leaks connections: ${ledger.outstanding} reserved, but only ${slots.busy} streams running`;
  }
  if (slots.busy >= slots.size) return undefined;
  let lease;
  try {
    lease = await ledger.reserve(new AbortController().signal);
  } catch (error) {
    return `the pool could not hand out a connection: ${error instanceof Error ? error.message : String(error)}`;
  }
  const tag = randomBytes(8).toString("hex");
  let timer: NodeJS.Timeout | undefined;
  try {
    const ping = lease.sql.unsafe(`select 1 ${watch.tagComment(tag)}`).execute();
    const silent = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        watch.track(tag)?.destroy();
        reject(Object.assign(new Error(`no answer within ${answerMs} ms`), { code: "CONNECTION_DESTROYED" }));
      }, answerMs);
    });
    await Promise.race([ping, silent]);
    lease.release();
    return undefined;
  } catch (error) {
    if (isConnectionLost(error)) lease.discard();
    else lease.release();
    return `a pooled connection failed: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    clearTimeout(timer);
    watch.forget(tag);
  }
}
