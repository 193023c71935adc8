import { Code } from "./Code.js";

/** Where an error comes from, for metrics and dashboards. Stable: dashboards depend on it. */
export type Category =
  | "request"
  | "schema"
  | "query"
  | "connection"
  | "authentication"
  | "authorization"
  | "configuration"
  | "resource"
  | "cancelled"
  | "lifecycle"
  | "internal";

/** The fixed facts of one reason; the message and its values come with each error. */
export interface ReasonFacts {
  readonly code: Code;
  readonly category: Category;
  /** True when the same request may succeed later without any change (a transient condition). */
  readonly retriable: boolean;
  /** Suggested wait before a retry (RetryInfo); only for retriable reasons. */
  readonly retryDelayMs?: number;
  /** The TROUBLESHOOTING.md anchor for this reason: the GitHub slug of its `### REASON` heading. */
  readonly help: string;
}

const retry = (retryDelayMs: number) => ({ retriable: true, retryDelayMs }) as const;
const once = { retriable: false } as const;

/**
 * Every failure the service can produce, by its stable reason (AIP-193 ErrorInfo.reason: UPPER_SNAKE,
 * at most 63 characters). Reasons, codes, categories and retriability are a contract: clients branch
 * on them, and test/unit/catalog.spec.ts pins each one so a change is deliberate.
 * QUERY_CANCELLED and STREAM_INTERRUPTED are also raised by the TypeScript client on its own side,
 * and RESUME_MISMATCH only by it.
 */
export const catalog = {
  // The request itself is wrong: fix it, do not retry.
  INVALID_ARGUMENT: { code: Code.INVALID_ARGUMENT, category: "request", ...once, help: "invalid_argument" },
  INVALID_FILTER: { code: Code.INVALID_ARGUMENT, category: "request", ...once, help: "invalid_filter" },
  INVALID_ORDER_BY: { code: Code.INVALID_ARGUMENT, category: "request", ...once, help: "invalid_order_by" },
  INVALID_RESUME_TOKEN: { code: Code.INVALID_ARGUMENT, category: "request", ...once, help: "invalid_resume_token" },
  // Who is calling (issue 12): a credential is missing or wrong, or does not reach this entity.
  AUTHENTICATION_REQUIRED: { code: Code.UNAUTHENTICATED, category: "authentication", ...once, help: "authentication_required" },
  INVALID_CREDENTIALS: { code: Code.UNAUTHENTICATED, category: "authentication", ...once, help: "invalid_credentials" },
  AUTH_KEYS_UNAVAILABLE: { code: Code.UNAVAILABLE, category: "connection", ...retry(1000), help: "auth_keys_unavailable" },
  ENTITY_FORBIDDEN: { code: Code.PERMISSION_DENIED, category: "authorization", ...once, help: "entity_forbidden" },
  ROLE_NOT_ALLOWED: { code: Code.PERMISSION_DENIED, category: "authorization", ...once, help: "role_not_allowed" },
  // The entity or its view.
  ENTITY_NOT_FOUND: { code: Code.NOT_FOUND, category: "schema", ...once, help: "entity_not_found" },
  INVALID_RESULT_SCHEMA: { code: Code.FAILED_PRECONDITION, category: "schema", ...once, help: "invalid_result_schema" },
  ENTITY_CHANGED: { code: Code.ABORTED, category: "schema", ...retry(1000), help: "entity_changed" },
  ENTITY_NOT_READABLE: { code: Code.PERMISSION_DENIED, category: "authorization", ...once, help: "entity_not_readable" },
  // Sizes and capacity.
  ROW_TOO_LARGE: { code: Code.OUT_OF_RANGE, category: "resource", ...once, help: "row_too_large" },
  TOO_MANY_STREAMS: { code: Code.RESOURCE_EXHAUSTED, category: "resource", ...retry(1000), help: "too_many_streams" },
  TOO_MANY_CALLER_STREAMS: { code: Code.RESOURCE_EXHAUSTED, category: "resource", ...retry(1000), help: "too_many_caller_streams" },
  DATABASE_RESOURCE_EXHAUSTED: { code: Code.RESOURCE_EXHAUSTED, category: "resource", ...retry(5000), help: "database_resource_exhausted" },
  // Running the query.
  QUERY_TIMEOUT: { code: Code.DEADLINE_EXCEEDED, category: "query", ...once, help: "query_timeout" },
  QUERY_FAILED: { code: Code.FAILED_PRECONDITION, category: "query", ...once, help: "query_failed" },
  QUERY_LIMIT_EXCEEDED: { code: Code.FAILED_PRECONDITION, category: "query", ...once, help: "query_limit_exceeded" },
  QUERY_CANCELLED_BY_DATABASE: { code: Code.ABORTED, category: "query", ...retry(1000), help: "query_cancelled_by_database" },
  SERIALIZATION_CONFLICT: { code: Code.ABORTED, category: "query", ...retry(100), help: "serialization_conflict" },
  // The caller stopped the call.
  DEADLINE_EXCEEDED: { code: Code.DEADLINE_EXCEEDED, category: "cancelled", ...once, help: "deadline_exceeded" },
  QUERY_CANCELLED: { code: Code.CANCELLED, category: "cancelled", ...once, help: "query_cancelled" },
  // The database connection.
  DATABASE_UNAVAILABLE: { code: Code.UNAVAILABLE, category: "connection", ...retry(1000), help: "database_unavailable" },
  STREAM_INTERRUPTED: { code: Code.UNAVAILABLE, category: "connection", ...retry(500), help: "stream_interrupted" },
  DATABASE_AUTH_FAILED: { code: Code.UNAVAILABLE, category: "authentication", ...once, help: "database_auth_failed" },
  DATABASE_TLS_FAILED: { code: Code.UNAVAILABLE, category: "configuration", ...once, help: "database_tls_failed" },
  DATABASE_NOT_FOUND: { code: Code.UNAVAILABLE, category: "configuration", ...once, help: "database_not_found" },
  // The server's own life.
  SERVER_SHUTTING_DOWN: { code: Code.UNAVAILABLE, category: "lifecycle", ...retry(1000), help: "server_shutting_down" },
  INTERNAL: { code: Code.INTERNAL, category: "internal", ...once, help: "internal" },
  RESUME_MISMATCH: { code: Code.INTERNAL, category: "internal", ...once, help: "resume_mismatch" },
} as const satisfies Record<string, ReasonFacts>;

export type Reason = keyof typeof catalog;

export const reasons = Object.keys(catalog) as Reason[];

export function factsOf(reason: Reason): ReasonFacts {
  return catalog[reason];
}
