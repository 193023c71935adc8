import type { EntityScopes } from "./EntityScopes.js";

/** Who is calling, once authenticated: what the rest of the server needs to know about them. */
export interface Caller {
  /** Stable, loggable name: "token:<name>", "jwt:<sub>", "cert:<subject>" or "anonymous". Never a secret. */
  readonly id: string;
  /** The entities this caller may read. */
  readonly scopes: EntityScopes;
  /** The database role its streams run as (already checked against FRAISEQL_WIRE_DB_ROLES); undefined: the server's own. */
  readonly role: string | undefined;
  /** Claims for request.jwt.claims (PostgREST's RLS settings); undefined: none are set. */
  readonly claims: Readonly<Record<string, unknown>> | undefined;
}
