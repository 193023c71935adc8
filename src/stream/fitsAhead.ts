import type { EntityView } from "../db/EntityView.js";
import type { StreamAccess } from "./StreamAccess.js";
import type { ResumePosition } from "./resume/ResumePosition.js";

/**
 * Whether a query compiled from the remembered view may go out before the lookup confirms it: only
 * for a resume token of that view's kind (keyset or offset), and only on a view the caller's scopes
 * let it read, so that no statement runs on a view the lookup would refuse this caller.
 */
export function fitsAhead(cached: EntityView, entity: string, from: ResumePosition | undefined, access: StreamAccess | undefined): boolean {
  if (from !== undefined && (from.keyset !== undefined) !== (cached.keyColumn !== undefined)) return false;
  const dot = entity.indexOf(".");
  return access === undefined || access.mayRead(cached.schema, dot < 0 ? entity : entity.slice(dot + 1));
}
