import { WireError } from "../errors/WireError.js";
import type { StreamAccess } from "../stream/StreamAccess.js";
import type { Caller } from "./Caller.js";

/**
 * What a stream of `caller` on `entity` may do; throws ENTITY_FORBIDDEN when no exposed schema's
 * entity of that name is within the caller's scopes. The answer depends on the name and the scopes
 * only, so a forbidden entity and a missing one look the same to the caller.
 */
export function streamAccess(caller: Caller, entity: string, exposedSchemas: readonly string[]): StreamAccess {
  const dot = entity.indexOf(".");
  const name = dot < 0 ? entity : entity.slice(dot + 1);
  const schemas = dot < 0 ? exposedSchemas : [entity.slice(0, dot)];
  if (!schemas.some((schema) => caller.scopes.mayRead(schema, name))) throw forbidden(caller, entity);
  return {
    mayRead: (schema, n) => caller.scopes.mayRead(schema, n),
    role: caller.role,
    claims: caller.claims === undefined ? undefined : JSON.stringify(caller.claims),
  };
}

function forbidden(caller: Caller, entity: string): WireError {
  const shown = entity.slice(0, 127);
  return new WireError(
    "ENTITY_FORBIDDEN",
    `entity ${JSON.stringify(shown)} is not among the entities this caller may read (its scopes: ${caller.scopes.describe()}). Whether it exists is not disclosed. Ask for a credential whose scopes include it; ListEntities lists what this caller may read.`,
    { metadata: { entity: shown, caller: caller.id }, resource: { type: "entity", name: shown, description: "outside the caller's scopes" } },
  );
}
