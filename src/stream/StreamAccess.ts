/**
 * What one stream may read and as whom, decided by src/auth from its caller and applied by the stream
 * inside its READ ONLY transaction, PostgREST's way: SET LOCAL ROLE and request.jwt.claims.
 */
export interface StreamAccess {
  /** Whether the caller may read the entity `name` of `schema` (narrows the catalog lookup). */
  readonly mayRead: (schema: string, name: string) => boolean;
  /** The role to switch to (already on FRAISEQL_WIRE_DB_ROLES); undefined keeps the server's role. */
  readonly role: string | undefined;
  /** JSON text for request.jwt.claims (and request.jwt.claim.<name>); undefined sets none. */
  readonly claims: string | undefined;
}
