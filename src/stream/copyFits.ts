import type { EntityView } from "../db/EntityView.js";
import type { QuerySpec } from "../query/QuerySpec.js";
import { SETTING_KEY_TYPES } from "../query/SqlParams.js";
import type { StreamDeps } from "./StreamDeps.js";

/**
 * Whether a stream reads through COPY (FRAISEQL_WIRE_COPY=on): a whole result (no limit, no
 * order_by fields: the cursor would be planned for all its rows too, cursor_tuple_fraction 1, so
 * both get the same plan; COPY cannot take cursor_tuple_fraction, and a filtered `limit 100000`
 * ordered by id waited 2.4 s for a sort where the cursor walked the key at once) that can end its
 * COPY and continue from its last row (a keyset stream with a bounded transaction age, whose key
 * type a setting can be cast to), or that nothing would cut (statement_timeout off: a COPY is one
 * statement, so statement_timeout bounds the whole of it).
 */
export function copyFits(deps: StreamDeps, view: EntityView, spec: QuerySpec, remaining: number | undefined, keyset: boolean): boolean {
  if (!deps.copy || remaining !== undefined || spec.orderBy.length > 0) return false;
  if (keyset) return deps.maxTransactionMs > 0 && view.keyType !== undefined && SETTING_KEY_TYPES.has(view.keyType);
  return deps.statementTimeoutMs === 0;
}
