import { describeState } from "./conditionName.js";
import type { QueryContext } from "./QueryContext.js";
import type { StateMapping } from "./StateMapping.js";

// Classes whose errors come from running the view's SQL on some row (data, syntax or access rules,
// unsupported features, objects in the wrong state, PL/pgSQL RAISE in a function the view calls).
const QUERY_CLASSES = new Set(["0A", "21", "22", "23", "2F", "38", "39", "42", "44", "55", "P0"]);

/**
 * SQLSTATEs about the query itself: 57014 (statement timeout, or a cancel that is not ours: our own
 * cancels surface as the call's abort reason, never as 57014), 42501, 42P01/42703 (the view changed
 * under the request), class 40, 54, and the classes of QUERY_CLASSES.
 */
export function fromQueryState(state: string, context: QueryContext | undefined, message = ""): StateMapping | undefined {
  const cls = state.slice(0, 2);
  const named = describeState(state);
  const on = context === undefined ? "the query" : `the query on entity ${JSON.stringify(context.entity)} (view ${context.view})`;
  const view = context?.view ?? "<schema>.<view>";
  if (state === "57014" && /statement timeout/i.test(message)) {
    const limit = context === undefined ? "" : ` of ${context.statementTimeoutMs} ms`;
    return {
      reason: "QUERY_TIMEOUT",
      message: `${on} ran longer than the server's statement timeout${limit} and PostgreSQL cancelled it (${named}). Narrow it with a filter or a limit, add an index for its filter or order_by, or raise FRAISEQL_WIRE_STATEMENT_TIMEOUT_MS on the server.`,
      ...(context === undefined ? {} : { metadata: { statementTimeoutMs: context.statementTimeoutMs } }),
    };
  }
  if (state === "57014") {
    return {
      reason: "QUERY_CANCELLED_BY_DATABASE",
      message: `PostgreSQL cancelled ${on} at another session's request, e.g. an administrator's pg_cancel_backend() (${named}). Retry after a short delay; if it keeps happening, ask the database administrators why the server's queries are cancelled.`,
    };
  }
  if (state === "42501" && context?.role !== undefined) {
    return {
      reason: "ENTITY_NOT_READABLE",
      message: `database role ${JSON.stringify(context.role)}, which this caller's credential names, may not read view ${context.view} behind entity ${JSON.stringify(context.entity)} (${named}). Ask for a credential with a role that may; operators: GRANT USAGE ON SCHEMA ${view.split(".")[0]} TO ${context.role}; GRANT SELECT ON ${view} TO ${context.role};`,
      metadata: { role: context.role },
    };
  }
  if (state === "42501") {
    return {
      reason: "ENTITY_NOT_READABLE",
      message: `the server's database role may not read ${context === undefined ? "the view behind this entity" : `view ${context.view} behind entity ${JSON.stringify(context.entity)}`} (${named}). Operators: GRANT USAGE ON SCHEMA ${view.split(".")[0]} TO <server role>; GRANT SELECT ON ${view} TO <server role>; (for a security_invoker view, also SELECT on the tables it reads).`,
    };
  }
  if (state === "42P01" || state === "42703") {
    return {
      reason: "ENTITY_CHANGED",
      message: `${context === undefined ? "a view" : `view ${context.view} behind entity ${JSON.stringify(context.entity)}`} was dropped or replaced while this request was reading it (${named}). Retry: if a migration re-created it, the request succeeds; if it is gone, the answer is ENTITY_NOT_FOUND.`,
    };
  }
  if (cls === "40") {
    return {
      reason: "SERIALIZATION_CONFLICT",
      message: `PostgreSQL aborted ${on} because of a conflict with concurrent work (${named}; on a read replica, a conflict with recovery). Retry the request; operators of a replica can raise max_standby_streaming_delay or turn on hot_standby_feedback.`,
    };
  }
  if (cls === "54") {
    return {
      reason: "QUERY_LIMIT_EXCEEDED",
      message: `${on} exceeds a limit of PostgreSQL (${named}), e.g. a value too large or an expression nested too deeply. Simplify the filter and order_by, or fix the view so that it builds smaller documents.`,
    };
  }
  if (QUERY_CLASSES.has(cls)) {
    return {
      reason: "QUERY_FAILED",
      message: `PostgreSQL could not run ${on} (${named}): the view's own SQL failed on some row, or the view changed. Run SELECT data FROM ${view} in psql to see PostgreSQL's message, or set FRAISEQL_WIRE_DEBUG_ERRORS=true on a non-production server to get it in DebugInfo.`,
    };
  }
  return undefined;
}
