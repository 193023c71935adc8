import type { EntityView } from "../db/EntityView.js";
import type { HopReason } from "./TransactionClock.js";

/** A stream's rows phase, from its first FETCH through COMMIT (or the error that ended it). */
export interface RowsProbe {
  /** A batch of `rows` arrived after the stream had waited `waitMs` for PostgreSQL. */
  fetched(rows: number, waitMs: number): void;
  /** The phase is over: `error` is why it failed, undefined when it finished. */
  end(error?: unknown): void;
}

/**
 * The few places where telemetry (src/telemetry) looks into a stream: the wait for a pool slot, the
 * statements that open the cursor, the fetches, a lost connection. The stream layer calls them and
 * does not know what they record; NO_HOOKS records nothing. Each wrapper runs `run` exactly once and
 * returns or throws what it does.
 */
export interface StreamHooks {
  /** Around the wait for a stream slot (a pooled connection). */
  waitForSlot<T>(run: () => Promise<T>): Promise<T>;
  /** Around BEGIN (and the statement_timeout sent with it): on a fresh connection this also connects. */
  begin<T>(run: () => Promise<T>): Promise<T>;
  /** Around the catalog lookup of the requested entity name. */
  lookup(run: () => Promise<EntityView>): Promise<EntityView>;
  /** Around SAVEPOINT + DECLARE of the stream's cursor over `view`. */
  declare<T>(view: EntityView, run: () => Promise<T>): Promise<T>;
  /** The rows phase of a stream over `view` starts. */
  rows(view: EntityView): RowsProbe;
  /** The stream's database connection was lost (a retry on another one may follow). */
  connectionLost(): void;
  /** A keyset stream ended its transaction early and goes on in a new one (bounded transaction age). */
  transactionHop(reason: HopReason): void;
}

const NO_PROBE: RowsProbe = { fetched: () => {}, end: () => {} };

export const NO_HOOKS: StreamHooks = {
  waitForSlot: (run) => run(),
  begin: (run) => run(),
  lookup: (run) => run(),
  declare: (_view, run) => run(),
  rows: () => NO_PROBE,
  connectionLost: () => {},
  transactionHop: () => {},
};
