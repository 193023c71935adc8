import { Code } from "./Code.js";

/** Where an error comes from, for metrics and dashboards. Stable: dashboards depend on it. */
export type Category =
  | "request"
  | "schema"
  | "query"
  | "connection"
  | "authentication"
  | "configuration"
  | "resource"
  | "cancelled"
  | "lifecycle"
  | "internal";

/** The fixed facts of one reason; the message and its values come with each error. */
export interface ReasonFacts {
  readonly code: Code;
  readonly category: Category;
  /** True when the same request may succeed later without any change. */
  readonly retriable: boolean;
  /** Suggested wait before a retry; only for retriable reasons. */
  readonly retryDelayMs?: number;
  /** The TROUBLESHOOTING.md section (its anchor) that explains this reason. */
  readonly help: string;
}

/**
 * Every failure the service can produce, by its stable reason (AIP-193 ErrorInfo.reason).
 * Reasons, categories and retriability are a contract: clients branch on them.
 */
export const catalog = {
  INVALID_ARGUMENT: { code: Code.INVALID_ARGUMENT, category: "request", retriable: false, help: "invalid-argument" },
  INVALID_FILTER: { code: Code.INVALID_ARGUMENT, category: "request", retriable: false, help: "invalid-filter" },
  INVALID_ORDER_BY: { code: Code.INVALID_ARGUMENT, category: "request", retriable: false, help: "invalid-order-by" },
  ENTITY_NOT_FOUND: { code: Code.NOT_FOUND, category: "schema", retriable: false, help: "entity-not-found" },
  INVALID_RESULT_SCHEMA: { code: Code.FAILED_PRECONDITION, category: "schema", retriable: false, help: "invalid-result-schema" },
  ROW_TOO_LARGE: { code: Code.OUT_OF_RANGE, category: "resource", retriable: false, help: "row-too-large" },
  TOO_MANY_STREAMS: { code: Code.RESOURCE_EXHAUSTED, category: "resource", retriable: true, retryDelayMs: 1000, help: "too-many-streams" },
  DATABASE_RESOURCE_EXHAUSTED: { code: Code.RESOURCE_EXHAUSTED, category: "resource", retriable: true, retryDelayMs: 5000, help: "database-resource-exhausted" },
  QUERY_TIMEOUT: { code: Code.DEADLINE_EXCEEDED, category: "query", retriable: false, help: "query-timeout" },
  DEADLINE_EXCEEDED: { code: Code.DEADLINE_EXCEEDED, category: "cancelled", retriable: false, help: "deadline-exceeded" },
  QUERY_CANCELLED: { code: Code.CANCELLED, category: "cancelled", retriable: false, help: "query-cancelled" },
  QUERY_FAILED: { code: Code.FAILED_PRECONDITION, category: "query", retriable: false, help: "query-failed" },
  SERIALIZATION_CONFLICT: { code: Code.ABORTED, category: "query", retriable: true, retryDelayMs: 100, help: "serialization-conflict" },
  DATABASE_UNAVAILABLE: { code: Code.UNAVAILABLE, category: "connection", retriable: true, retryDelayMs: 1000, help: "database-unavailable" },
  DATABASE_AUTH_FAILED: { code: Code.UNAVAILABLE, category: "authentication", retriable: false, help: "database-auth-failed" },
  DATABASE_NOT_FOUND: { code: Code.UNAVAILABLE, category: "configuration", retriable: false, help: "database-not-found" },
  SERVER_SHUTTING_DOWN: { code: Code.UNAVAILABLE, category: "lifecycle", retriable: true, retryDelayMs: 1000, help: "server-shutting-down" },
  STREAM_INTERRUPTED: { code: Code.UNAVAILABLE, category: "connection", retriable: true, retryDelayMs: 500, help: "stream-interrupted" },
  INTERNAL: { code: Code.INTERNAL, category: "internal", retriable: false, help: "internal" },
} as const satisfies Record<string, ReasonFacts>;

export type Reason = keyof typeof catalog;

export function factsOf(reason: Reason): ReasonFacts {
  return catalog[reason];
}
