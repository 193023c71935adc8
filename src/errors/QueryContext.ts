/**
 * What the stream layer knows about the query a database error interrupted, so that the message
 * can name the entity and its view instead of quoting PostgreSQL (whose text may hold SQL or data).
 */
export interface QueryContext {
  /** The entity as the client named it. */
  readonly entity: string;
  /** The view behind it, schema-qualified: "wire_test.v_items". */
  readonly view: string;
  /** The server's statement timeout, for QUERY_TIMEOUT's message. */
  readonly statementTimeoutMs: number;
  /** The caller's database role (SET LOCAL ROLE), when it is not the server's own. */
  readonly role?: string | undefined;
}
