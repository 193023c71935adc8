import { WireError } from "../errors/WireError.js";
import type { Sql } from "./Sql.js";

/** One pooled connection, held by one stream at a time: given back exactly once. */
export interface Lease {
  /** A postgres.js instance with a single connection: it may run BEGIN, and reconnects by itself. */
  readonly sql: Sql;
  /** Back to the pool: only when the connection is outside any transaction (or closed). */
  release(): void;
  /** Not trusted any more (no answer, unknown state): its instance is ended and a fresh one replaces it. */
  discard(): void;
}

/**
 * The server's PostgreSQL connections: `size` postgres.js instances of one connection each, handed
 * out whole. postgres.js's own pool hands out connections with reserve(), which loses requests: a
 * reserve queued while a connection closes is handed to that connection's reconnect and never
 * resolved, and one whose caller gave up still takes a connection later (both reproduced: after a
 * terminated backend, every call waited forever while health said SERVING; issue 8, defect 4).
 * A single-connection instance needs no reserve: it runs its statements in order, may hold a
 * transaction, and reconnects on its next statement after its connection died.
 * Admission (who may take one, how long to wait) is StreamSlots' job; there is always one free here
 * for a caller holding a slot.
 */
export class ConnectionPool {
  private readonly free: Sql[] = [];
  private readonly all = new Set<Sql>();
  private handedOut = 0;

  constructor(
    private readonly open: () => Sql,
    readonly size: number,
  ) {
    for (let i = 0; i < size; i++) this.free.push(this.fresh());
  }

  /** Connections held by streams now. */
  get outstanding(): number {
    return this.handedOut;
  }

  /** A connection for a caller that holds a stream slot. */
  take(): Lease {
    const sql = this.free.pop();
    if (sql === undefined) {
      throw new WireError("INTERNAL", "internal error: no pooled connection is free although a stream slot was granted.", {
        cause: new Error(`pool of ${this.size} has ${this.handedOut} out`),
      });
    }
    this.handedOut += 1;
    let back = false;
    const giveBack = (keep: boolean): void => {
      if (back) return;
      back = true;
      this.handedOut -= 1;
      if (keep) {
        this.free.push(sql);
      } else {
        this.all.delete(sql);
        void sql.end({ timeout: 0 }).catch(() => {});
        // Taken next (LIFO): a stream retried after a lost connection gets a fresh one.
        this.free.push(this.fresh());
      }
    };
    return { sql, release: () => giveBack(true), discard: () => giveBack(false) };
  }

  /** Ends every connection (shutdown), waiting up to timeoutSeconds for running statements. */
  async end(timeoutSeconds: number): Promise<void> {
    await Promise.all([...this.all].map((sql) => sql.end({ timeout: timeoutSeconds }).catch(() => {})));
  }

  private fresh(): Sql {
    const sql = this.open();
    this.all.add(sql);
    return sql;
  }
}
