import { WireError } from "../errors/WireError.js";

/**
 * Admission control in front of the pool. postgres.js queues without bound when every connection
 * is busy; a stream holds its connection for its whole life, so we bound the wait ourselves and
 * fail fast with TOO_MANY_STREAMS instead of letting callers pile up.
 */
export class StreamSlots {
  private inUse = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(
    readonly size: number,
    private readonly waitMs: number,
  ) {}

  get busy(): number {
    return this.inUse;
  }

  /** Calls waiting for a slot now. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** Resolves with a release function once a slot is free; rejects after waitMs or on abort. */
  async acquire(signal: AbortSignal): Promise<() => void> {
    signal.throwIfAborted();
    if (this.inUse < this.size) return this.take();
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        cleanup();
        resolve(this.take());
      };
      const fail = (error: unknown): void => {
        cleanup();
        reject(error);
      };
      const timer = setTimeout(
        () =>
          fail(
            new WireError(
              "TOO_MANY_STREAMS",
              `all ${this.size} database connections are busy with other streams and none became free within ${this.waitMs} ms. ` +
                `Retry after a short delay, or raise FRAISEQL_WIRE_POOL_SIZE (and PostgreSQL's max_connections) on the server.`,
              { metadata: { poolSize: this.size, waitMs: this.waitMs } },
            ),
          ),
        this.waitMs,
      );
      const onAbort = (): void => fail(signal.reason);
      const cleanup = (): void => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        const i = this.waiters.indexOf(grant);
        if (i >= 0) this.waiters.splice(i, 1);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.waiters.push(grant);
    });
  }

  private take(): () => void {
    this.inUse += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inUse -= 1;
      this.waiters[0]?.();
    };
  }
}
