import { WireError } from "../errors/WireError.js";
import type { ReservedSql, Sql } from "./Sql.js";

/** A connection reserved for one stream: given back exactly once, by release or discard. */
export interface Lease {
  readonly sql: ReservedSql;
  /** Back to the pool: only for a connection that is open and outside any transaction. */
  release(): void;
  /** Not given back: the connection is dead, and postgres.js reconnects it by itself once it closes. */
  discard(): void;
}

/**
 * Reserves pooled connections with a bounded wait, and counts what was handed out against what came
 * back. postgres.js's reserve() cannot be withdrawn: a caller that gives up (a cancel, a deadline)
 * while it waits still gets a connection later, and one nobody releases is gone for good: enough of
 * those and every call waits forever while health says SERVING (issue 8, defect 4). So a reserve
 * that resolves after its caller left is released here, at once.
 */
export class ConnectionLedger {
  private handedOut = 0;
  private givenBack = 0;

  constructor(
    private readonly sql: Sql,
    private readonly waitMs: number,
  ) {}

  /** Connections handed to streams and not yet released or discarded. */
  get outstanding(): number {
    return this.handedOut - this.givenBack;
  }

  /** A connection within waitMs, or DATABASE_UNAVAILABLE; rejects with the signal's reason on abort. */
  reserve(signal: AbortSignal): Promise<Lease> {
    signal.throwIfAborted();
    const pending = this.sql.reserve();
    return new Promise<Lease>((resolve, reject) => {
      let settled = false;
      const giveUp = (error: unknown): void => {
        if (settled) return;
        settled = true;
        cleanup();
        reject(error);
        pending.then(
          (late) => late.release(),
          () => {},
        );
      };
      const onAbort = (): void => giveUp(signal.reason);
      const timer = setTimeout(() => giveUp(this.waitTimedOut()), this.waitMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      pending.then(
        (sql) => {
          if (settled) return;
          settled = true;
          cleanup();
          resolve(this.lease(sql));
        },
        (error: unknown) => {
          if (settled) return;
          settled = true;
          cleanup();
          reject(error);
        },
      );
    });
  }

  private lease(sql: ReservedSql): Lease {
    this.handedOut += 1;
    let back = false;
    const giveBack = (release: boolean): void => {
      if (back) return;
      back = true;
      this.givenBack += 1;
      if (release) sql.release();
    };
    return { sql, release: () => giveBack(true), discard: () => giveBack(false) };
  }

  private waitTimedOut(): WireError {
    return new WireError(
      "DATABASE_UNAVAILABLE",
      `the database is unavailable: no connection to it became ready within ${this.waitMs} ms (PostgreSQL is slow to accept connections, or unreachable). ` +
        "Retry after a short delay. Operators: check that PostgreSQL is up (pg_isready) and how long it takes to accept a connection.",
      { metadata: { errorCode: "CONNECTION_WAIT_TIMEOUT", waitMs: this.waitMs } },
    );
  }
}
