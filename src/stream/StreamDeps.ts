import type { Logger } from "pino";
import type { ConnectionPool } from "../db/ConnectionPool.js";
import type { EntityView } from "../db/EntityView.js";
import type { CatalogScope } from "../db/listEntities.js";
import type { StreamSlots } from "../db/StreamSlots.js";
import type { FetchPlan } from "./FetchPlan.js";
import type { ResumeTokens } from "./resume/ResumeTokens.js";
import type { StreamHooks } from "./StreamHooks.js";

/** What a query stream needs from the process: the pool, admission control and settings. */
export interface StreamDeps {
  readonly pool: ConnectionPool;
  readonly slots: StreamSlots;
  readonly scope: CatalogScope;
  readonly plan: FetchPlan;
  readonly statementTimeoutMs: number;
  /** How long past statement_timeout a statement may go unanswered before its connection counts as lost. */
  readonly responseTimeoutMs: number;
  readonly maxChunkBytes: number;
  readonly log: Logger;
  /** Streams tried again on a fresh connection because their first one was dead. */
  readonly retries: { count: number };
  /** Signs and checks resume tokens. */
  readonly resume: ResumeTokens;
  /** Longest a keyset stream keeps one transaction (FRAISEQL_WIRE_MAX_TRANSACTION_MS). */
  readonly maxTransactionMs: number;
  /** FRAISEQL_WIRE_COPY=on: big streams read through binary COPY where they can (copyBatches). */
  readonly copy: boolean;
  /** Keyset streams that continued in a new transaction (bounded transaction age) or on a new connection. */
  readonly hops: { count: number };
  /** Where telemetry looks in (pool wait, cursor opening, fetches, lost connections); NO_HOOKS when off. */
  readonly hooks: StreamHooks;
  /**
   * The view each entity name last resolved to: a small query compiles its SELECT from it and sends
   * DECLARE, its one FETCH and COMMIT in the same round trip as the catalog lookup, which still runs
   * on every call; a lookup that disagrees (DDL since) discards them and reads again (streamAttempt).
   */
  readonly views: Map<string, EntityView>;
}
