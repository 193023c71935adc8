/**
 * Bounds how long a keyset stream keeps one transaction open (FRAISEQL_WIRE_MAX_TRANSACTION_MS,
 * issue 10). A READ ONLY transaction held by a slow or paused client holds back the xmin horizon:
 * VACUUM cannot clean up, tables bloat, and a DBA's idle_in_transaction_session_timeout would kill
 * the stream. So the transaction ends ("hops") at a batch boundary once it is old, or once the
 * stream has waited for its client a quarter of the limit; the stream then continues from its last
 * row in a new transaction, in the same call.
 *
 * Two places can end it: the stream itself between fetches (`due`), and a timer while the stream is
 * parked at a yield waiting for the client (`park`), which first lets the prefetch in flight finish
 * (its rows are kept) so that no statement runs when COMMIT is sent. A stream stopped while parked
 * (`abandon`) must not wait for that prefetch: it is cancelled by the stream's own clean-up, and a
 * hop that waited for it would hold a FETCH running past a shutdown.
 */

/** Why a transaction ended early: it reached its age, or its client left it idle a quarter of it. */
export type HopReason = "age" | "idle";
export class TransactionClock {
  readonly #startedAt = performance.now();
  readonly #limitMs: number;
  readonly #commit: () => Promise<void>;
  readonly #onHop: (reason: HopReason) => void;
  #timer: NodeJS.Timeout | undefined;
  #hop: Promise<void> | undefined;
  #hopped = false;
  #disposed = false;

  /**
   * `commit` ends the transaction; it is called at most once, with no statement running. `onHop` is
   * told of each hop once its COMMIT succeeded (telemetry).
   */
  constructor(maxAgeMs: number, commit: () => Promise<void>, onHop: (reason: HopReason) => void = () => {}) {
    // A margin for the COMMIT itself, so that the transaction never outlives the limit.
    this.#limitMs = maxAgeMs * 0.9;
    this.#commit = commit;
    this.#onHop = onHop;
    this.parkLimitMs = maxAgeMs / 4;
  }

  readonly parkLimitMs: number;

  /** Whether the transaction has ended (the stream must not send another statement in it). */
  get hopped(): boolean {
    return this.#hopped;
  }

  /** At a batch boundary: whether to end the transaction now rather than fetch more. */
  due(): boolean {
    return this.#hopped || performance.now() - this.#startedAt >= this.#limitMs;
  }

  /** Ends the transaction at a batch boundary, with no statement running. */
  async hopNow(reason: HopReason): Promise<void> {
    if (this.#hopped || this.#disposed) return;
    await this.#commit();
    this.#hopped = true;
    this.#onHop(reason);
  }

  /**
   * The stream is about to wait for its client. If the wait outlasts the transaction's remaining
   * age or a quarter of the limit, end the transaction once `settle` says the prefetch in flight has
   * arrived whole (false: it failed, and the stream must see that error in its transaction).
   */
  park(settle: () => Promise<boolean>): void {
    const remaining = this.#limitMs - (performance.now() - this.#startedAt);
    const wait = Math.max(0, Math.min(remaining, this.parkLimitMs));
    const reason: HopReason = remaining <= this.parkLimitMs ? "age" : "idle";
    this.#timer = setTimeout(() => {
      this.#hop = (async () => {
        if (this.#hopped || this.#disposed || !(await settle())) return;
        await this.hopNow(reason);
      })().catch(() => {
        // A COMMIT that fails means a broken connection: the stream's next statement reports it.
      });
    }, wait);
  }

  /**
   * Yields `item` parked (`park(settle)` while the client has not taken it): a consumer that takes
   * it unparks, one that stops there (return or throw) abandons, so a hop waiting for a prefetch
   * never holds up the stream's clean-up. For `yield*` in a stream's generator.
   */
  async *parked<T>(item: T, settle: () => Promise<boolean>): AsyncGenerator<T> {
    this.park(settle);
    let resumed = false;
    try {
      yield item;
      resumed = true;
    } finally {
      if (resumed) await this.unpark();
      else this.abandon();
    }
  }

  /** The client read again: cancel the timer, or wait for a hop it started. */
  async unpark(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const hop = this.#hop;
    this.#hop = undefined;
    if (hop !== undefined) await hop;
  }

  /**
   * The stream stopped while parked (cancelled, failed, shut down): no hop may start or commit, and
   * nothing waits here for one that is waiting for the prefetch, which the stream cancels next.
   */
  abandon(): void {
    this.#disposed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** The stream is over: no hop may start, and one under way is waited for (its COMMIT ends first). */
  async dispose(): Promise<void> {
    this.#disposed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#hop !== undefined) await this.#hop;
  }
}
