import { describeState } from "./conditionName.js";
import { fromConnectionState } from "./fromConnectionState.js";
import { fromQueryState } from "./fromQueryState.js";
import type { PostgresLike } from "./PostgresLike.js";
import type { QueryContext } from "./QueryContext.js";
import { WireError } from "./WireError.js";

export { isPostgresError } from "./PostgresLike.js";

/**
 * Maps a PostgreSQL error by its SQLSTATE (https://www.postgresql.org/docs/current/errcodes-appendix.html)
 * to the catalog. PostgreSQL's own message goes only to logs and, when enabled, DebugInfo: it can
 * quote SQL or data. Classes XX (internal) and 58 (system) and anything unrecognised are INTERNAL.
 */
export function fromPostgresError(error: PostgresLike, context?: QueryContext): WireError {
  const state = error.code;
  const debugDetail = [`${state}: ${error.message}`, error.detail, error.hint].filter((s) => s !== undefined && s !== "").join("\n");
  const found = fromConnectionState(state) ?? fromQueryState(state, context, error.message);
  if (found === undefined) {
    return new WireError("INTERNAL", `internal error (${describeState(state)}): the server logged the cause. Report it with the request id of this call (RequestInfo).`, {
      cause: error,
      debugDetail,
      metadata: { sqlstate: state },
    });
  }
  const where: Record<string, string> = context === undefined ? {} : { entity: context.entity, view: context.view };
  const resource = context !== undefined && found.reason.startsWith("ENTITY_") ? { resource: { type: "view", name: context.view, description: describeState(state) } } : {};
  return new WireError(found.reason, found.message, {
    cause: error,
    debugDetail,
    metadata: { sqlstate: state, ...where, ...found.metadata },
    ...resource,
  });
}
