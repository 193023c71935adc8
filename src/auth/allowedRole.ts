import { WireError } from "../errors/WireError.js";
import { authFailure } from "./authFailure.js";

/**
 * The database role a credential names, checked against FRAISEQL_WIRE_DB_ROLES before it can reach
 * PostgreSQL: a role outside the list is PERMISSION_DENIED here, never a statement.
 */
export function allowedRole(role: unknown, allowed: readonly string[]): string | undefined {
  if (role === undefined || role === null) return undefined;
  if (typeof role !== "string" || role === "") throw authFailure.invalid("role", "its role claim is not a non-empty string");
  if (allowed.includes(role)) return role;
  const shown = JSON.stringify(role.slice(0, 63));
  throw new WireError(
    "ROLE_NOT_ALLOWED",
    `the credential names database role ${shown}, which this server does not let callers use. Ask for a credential with an allowed role; operators list the roles callers may use in FRAISEQL_WIRE_DB_ROLES.`,
    { metadata: { role: role.slice(0, 63) } },
  );
}
