import type { ConnectionState } from "../db/PooledConnection.js";
import { WireError } from "../errors/WireError.js";

/** A postgres.js query once executed: a promise that can be cancelled on the backend. */
export interface RunningStatement<T> extends PromiseLike<T> {
  cancel(): unknown;
}

/**
 * Awaits the statements of one stream's connection with two bounds a stream must never lack: the
 * call's AbortSignal (the running statement is cancelled on the backend) and a response timeout.
 * PostgreSQL answers every statement within its statement_timeout; one that gets no answer long
 * after that is behind a network partition or a stuck server, where TCP alone would wait many
 * minutes. The guard then closes the connection's socket and fails with DATABASE_UNAVAILABLE.
 */
export class StatementGuard {
  /** True once the guard closed the connection: it must be discarded, not released. */
  timedOut = false;
  private connection: ConnectionState | undefined;

  constructor(
    private readonly signal: AbortSignal,
    /** How long a statement may take to answer; 0 waits without bound. */
    private readonly answerMs: number,
    /** The bound for the statements that end a stream (COMMIT, ROLLBACK): they never run long. */
    private readonly endMs: number,
  ) {}

  /** The connection the guard closes when a statement goes unanswered. */
  watch(connection: ConnectionState | undefined): void {
    this.connection = connection;
  }

  /** Awaits a statement of the stream: cancelled on abort, bounded by the answer timeout. */
  run<T>(statement: RunningStatement<T> | PromiseLike<T>, cancelOnAbort = true): Promise<T> {
    return this.bounded(statement, this.answerMs, cancelOnAbort);
  }

  /** Awaits COMMIT or ROLLBACK: not cancelled by the signal (the stream is ending), bounded by endMs. */
  end<T>(statement: PromiseLike<T>): Promise<T> {
    return this.bounded(statement, this.endMs, false);
  }

  private bounded<T>(statement: RunningStatement<T> | PromiseLike<T>, ms: number, abortable: boolean): Promise<T> {
    const settle = Promise.resolve(statement);
    // Whichever way this ends, a later rejection of the statement itself must not go unobserved.
    settle.catch(() => {});
    if (abortable && this.signal.aborted) {
      cancel(statement);
      return Promise.reject(this.signal.reason);
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        cleanup();
        cancel(statement);
        reject(this.signal.reason);
      };
      const timer =
        ms > 0
          ? setTimeout(() => {
              cleanup();
              this.timedOut = true;
              this.connection?.destroy();
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
}

function cancel(statement: unknown): void {
  const running = statement as Partial<RunningStatement<unknown>>;
  if (typeof running.cancel === "function") void Promise.resolve(running.cancel()).catch(() => {});
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
