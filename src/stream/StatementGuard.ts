import type { ConnectionState } from "../db/PooledConnection.js";
import { WireError } from "../errors/WireError.js";

/** A postgres.js query once executed: a promise that can be cancelled on the backend. */
export interface RunningStatement<T> extends PromiseLike<T> {
  cancel(): unknown;
}

/**
 * What StatementGuard uses of a postgres.js (3.4.x) query beyond its public cancel(): the function
 * that sends a CancelRequest for it (null once cancel() was called), whether it was written to the
 * connection (state: the backend it went to) and whether it is the one the backend runs (active).
 */
interface PostgresJsQuery {
  canceller?: ((query: unknown) => unknown) | null;
  state?: unknown;
  active?: boolean;
}

const noop = (): void => {};

// How often a statement that outlives its cancel is cancelled again (see stop()).
const RECANCEL_MS = 100;

/**
 * Awaits the statements of one stream's connection with two bounds a stream must never lack: the
 * call's AbortSignal (the running statement is cancelled on the backend) and a response timeout.
 * PostgreSQL answers every statement within its statement_timeout; one that gets no answer long
 * after that is behind a network partition or a stuck server, where TCP alone would wait many
 * minutes. The guard then closes the connection's socket and fails with DATABASE_UNAVAILABLE.
 *
 * Cancels are tracked too. postgres.js sends a CancelRequest on a connection of its own, so it can
 * reach PostgreSQL before the statement starts, and PostgreSQL drops a cancel for an idle backend:
 * the statement then runs on (seen: a FETCH of a slow view held its stream for its whole timeout).
 * Or it arrives late and cancels the next stream's statement on the same connection (seen). So a
 * stream that stops a statement cancels it until it ends, and gives its connection back only once
 * every CancelRequest it sent has reached PostgreSQL.
 */
export class StatementGuard {
  /** True once the guard closed the connection: it must be discarded, not released. */
  timedOut = false;
  private connection: ConnectionState | undefined;
  private readonly cancels: Array<Promise<void>> = [];
  private readonly cancellers = new WeakMap<object, (query: unknown) => unknown>();
  private running: { statement: unknown; ended: Promise<void> } | undefined;

  constructor(
    private readonly signal: AbortSignal,
    /** How long a statement may take to answer; 0 waits without bound. */
    private readonly answerMs: number,
    /** The bound for the statements that end a stream (COMMIT, ROLLBACK) and for stopping one. */
    private readonly endMs: number,
  ) {}

  /** The connection the guard closes when a statement goes unanswered. */
  watch(connection: ConnectionState | undefined): void {
    this.connection = connection;
  }

  get aborted(): boolean {
    return this.signal.aborted;
  }

  /** Awaits a statement of the stream: cancelled on abort, bounded by the answer timeout. */
  run<T>(statement: RunningStatement<T> | PromiseLike<T>): Promise<T> {
    return this.bounded(statement, this.answerMs, true);
  }

  /** Awaits COMMIT or ROLLBACK: not cancelled by the signal (the stream is ending), bounded by endMs. */
  end<T>(statement: PromiseLike<T>): Promise<T> {
    return this.bounded(statement, this.endMs, false);
  }

  /**
   * Stops a statement nobody awaits any more (an abandoned prefetch, or the one an abort left
   * running): cancels it until it ends, within endMs; past that the connection is closed.
   */
  async stop(statement: RunningStatement<unknown> | PromiseLike<unknown> | undefined = this.running?.statement as PromiseLike<unknown> | undefined): Promise<void> {
    if (statement === undefined || this.timedOut) return;
    let ended = false;
    const done = Promise.resolve(statement).then(
      () => void (ended = true),
      () => void (ended = true),
    );
    // A statement that already ended (the usual case: a prefetch that arrived while the client was
    // slow) settles before the next turn of the event loop: no CancelRequest for it.
    await Promise.race([done, new Promise((r) => setImmediate(r))]);
    const deadline = Date.now() + this.endMs;
    while (!ended && Date.now() < deadline) {
      this.cancel(statement);
      await Promise.race([done, new Promise((r) => setTimeout(r, RECANCEL_MS))]);
    }
    if (!ended) this.closeConnection();
  }

  /** Resolves once every CancelRequest sent so far has reached PostgreSQL (within endMs). */
  async cancelsDelivered(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), this.endMs)));
    const delivered = await Promise.race([Promise.all(this.cancels).then(() => true), late]);
    clearTimeout(timer);
    // A cancel still on its way could hit whichever statement runs next on this connection.
    if (!delivered) this.closeConnection();
  }

  private bounded<T>(statement: RunningStatement<T> | PromiseLike<T>, ms: number, abortable: boolean): Promise<T> {
    const settle = Promise.resolve(statement);
    // Whichever way this ends, a later rejection of the statement itself must not go unobserved.
    const ended = settle.then(
      () => {},
      () => {},
    );
    const running = { statement, ended };
    this.running = running;
    void ended.then(() => {
      if (this.running === running) this.running = undefined;
    });
    if (abortable && this.signal.aborted) {
      this.cancel(statement);
      return Promise.reject(this.signal.reason);
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        cleanup();
        this.cancel(statement);
        reject(this.signal.reason);
      };
      const timer =
        ms > 0
          ? setTimeout(() => {
              cleanup();
              this.closeConnection();
              reject(noAnswer(ms));
            }, ms)
          : undefined;
      const cleanup = (): void => {
        clearTimeout(timer);
        if (abortable) this.signal.removeEventListener("abort", onAbort);
      };
      if (abortable) this.signal.addEventListener("abort", onAbort, { once: true });
      settle.then(
        (value) => {
          cleanup();
          resolve(value);
        },
        (error: unknown) => {
          cleanup();
          reject(error);
        },
      );
    });
  }

  private cancel(statement: unknown): void {
    const query = statement as Partial<RunningStatement<unknown>> & PostgresJsQuery;
    if (typeof query.cancel !== "function") return;
    // postgres.js (3.4.x) falls short twice here, so its query's own parts are used (see
    // PostgresJsQuery). Its cancel() acts once (it then forgets query.canceller) and returns nothing
    // to wait on: the canceller itself, kept and called for each cancel, sends a CancelRequest every
    // time (a first one that reached an idle backend was dropped, and the statement ran on) and
    // returns its delivery, which cancelsDelivered() waits for. And a query already written but queued
    // behind others is only marked: when its turn comes, postgres.js sends the cancel but stops
    // tracking the query, and the answers after it go to the wrong queries (seen: a pipelined FETCH
    // that never settled). Such a query is cancelled once it runs: stop() tries every RECANCEL_MS.
    const canceller = this.cancellers.get(statement as object) ?? query.canceller;
    if (typeof canceller !== "function") {
      this.cancels.push(Promise.resolve(query.cancel()).then(noop, noop));
      return;
    }
    this.cancellers.set(statement as object, canceller);
    if (query.state !== undefined && query.active !== true) return;
    this.cancels.push(Promise.resolve(canceller(query)).then(noop, noop));
  }

  private closeConnection(): void {
    this.timedOut = true;
    this.connection?.destroy();
  }
}

function noAnswer(ms: number): WireError {
  return new WireError(
    "DATABASE_UNAVAILABLE",
    `the database is unavailable: PostgreSQL sent no answer for ${ms} ms (statement_timeout plus FRAISEQL_WIRE_DB_RESPONSE_TIMEOUT_MS), so the connection was closed: ` +
      "the network to it is partitioned or the server is stuck. Retry after a short delay; if rows had arrived, resume from nextOffset (ErrorInfo metadata). " +
      "Operators: check the network path to PostgreSQL and its log.",
    { metadata: { errorCode: "RESPONSE_TIMEOUT", waitedMs: ms } },
  );
}
