import { WireError } from "../errors/WireError.js";
import type { ConnectionState, PooledConnection } from "./PooledConnection.js";
import type { Sql } from "./Sql.js";

/** One pooled connection, held by one stream at a time: given back exactly once. */
export interface Lease {
  /** A postgres.js instance with a single connection: it may run BEGIN, and reconnects by itself. */
  readonly sql: Sql;
  /** The connection from now on: whether it closed, and a way to close it. */
  watch(): ConnectionState;
  /** Back to the pool: only when the connection is outside any transaction (or closed). */
  release(): void;
  /** Not trusted any more (dead, unanswered, unknown state): closed at once, and a fresh one replaces it. */
  discard(): void;
  /**
   * Whether to run `text` (a statement with parameters) as a named prepared statement. postgres.js
   * sends an unprepared statement with parameters as Parse + Describe first and waits for the answer
   * before Bind/Execute, which stops the pipeline: a round trip of its own on every call (issue 11).
   * Prepared, only the first call on a connection pays it. At most MAX_PREPARED texts per connection.
   */
  prepareFor(text: string): boolean;
}

// Distinct statement texts come from distinct filter and order shapes: a few per client in practice.
const MAX_PREPARED = 200;

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
  private readonly free: PooledConnection[] = [];
  private readonly all = new Set<PooledConnection>();
  private handedOut = 0;

  constructor(
    private readonly open: () => PooledConnection,
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
    const connection = this.free.pop();
    if (connection === undefined) {
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
        this.free.push(connection);
      } else {
        this.all.delete(connection);
        connection.destroy();
        void connection.end(0).catch(() => {});
        // Taken next (LIFO): a stream retried after a lost connection gets a fresh one.
        this.free.push(this.fresh());
      }
    };
    const prepareFor = (text: string): boolean => {
      if (connection.prepared.has(text)) return true;
      if (connection.prepared.size >= MAX_PREPARED) return false;
      connection.prepared.add(text);
      return true;
    };
    return { sql: connection.sql, watch: () => connection.watch(), release: () => giveBack(true), discard: () => giveBack(false), prepareFor };
  }

  /** Ends every connection (shutdown), waiting up to timeoutSeconds for running statements. */
  async end(timeoutSeconds: number): Promise<void> {
    await Promise.all([...this.all].map((connection) => connection.end(timeoutSeconds).catch(() => {})));
  }

  private fresh(): PooledConnection {
    const connection = this.open();
    this.all.add(connection);
    return connection;
  }
}
