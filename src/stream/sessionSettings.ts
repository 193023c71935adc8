import type { Sql } from "../db/Sql.js";
import { isPostgresError } from "../errors/PostgresLike.js";
import { WireError } from "../errors/WireError.js";
import type { StreamAccess } from "./StreamAccess.js";

/**
 * The transaction-local settings of a stream, in one statement sent right behind BEGIN (pipelined:
 * no extra round trip): statement_timeout, jit off (compiling a cursor's expressions costs tens of
 * milliseconds to seconds before the first row, which a stream never wins back) and, for a caller
 * with a role or claims, PostgREST's RLS settings. `set_config('role', $, true)` is SET LOCAL ROLE with the role bound as a parameter; the
 * claims go to request.jwt.claims and, for each top-level claim whose name is a valid setting name,
 * to request.jwt.claim.<name> (strings as is, other values as JSON). synchronize_seqscans off: with
 * it on, a scan of a table larger than a quarter of shared_buffers starts wherever another scan of it
 * last was, so an unordered stream's rows come in another order on each attempt, and an offset
 * resume token (RESUME_OFFSET) would repeat and skip rows even with no write. All of it is local to the
 * transaction: ROLLBACK or COMMIT clears it before the connection serves another stream.
 * `::text::jsonb`: a parameter PostgreSQL types as jsonb is JSON-encoded again by postgres.js.
 */
export function sessionSettings(conn: Sql, statementTimeoutMs: number, access: StreamAccess | undefined): Promise<unknown> {
  const timeout = String(statementTimeoutMs);
  if (access === undefined || (access.role === undefined && access.claims === undefined)) {
    return conn`select set_config('statement_timeout', ${timeout}, true), set_config('jit', 'off', true), set_config('synchronize_seqscans', 'off', true)`.execute();
  }
  const claims = access.claims ?? "{}";
  const statement =
    access.role === undefined
      ? conn`select set_config('statement_timeout', ${timeout}, true), set_config('jit', 'off', true), set_config('synchronize_seqscans', 'off', true), set_config('request.jwt.claims', ${claims}, true),
               (select count(set_config('request.jwt.claim.' || key, coalesce(value, ''), true)) from jsonb_each_text(${claims}::text::jsonb) where key ~ '^[A-Za-z_][A-Za-z0-9_]*$')`
      : conn`select set_config('statement_timeout', ${timeout}, true), set_config('jit', 'off', true), set_config('synchronize_seqscans', 'off', true), set_config('role', ${access.role}, true), set_config('request.jwt.claims', ${claims}, true),
               (select count(set_config('request.jwt.claim.' || key, coalesce(value, ''), true)) from jsonb_each_text(${claims}::text::jsonb) where key ~ '^[A-Za-z_][A-Za-z0-9_]*$')`;
  const role = access.role;
  return statement.execute().then(undefined, (error: unknown) => {
    throw role !== undefined && isPostgresError(error) && (error.code === "22023" || error.code === "42501") ? roleRefused(role, error) : error;
  });
}

// The role is on FRAISEQL_WIRE_DB_ROLES, but PostgreSQL would not switch to it: it does not exist
// (22023), or the server's login role is not a member of it (42501).
function roleRefused(role: string, cause: { code: string }): WireError {
  const why = cause.code === "22023" ? "no such role exists in the database" : "the server's database login role is not a member of it";
  return new WireError(
    "ROLE_NOT_ALLOWED",
    `the server could not switch to database role ${JSON.stringify(role)} for this caller: ${why}. Operators: CREATE ROLE ${role} NOLOGIN; GRANT ${role} TO <the server's login role>; or remove it from FRAISEQL_WIRE_DB_ROLES.`,
    { cause, metadata: { role, sqlstate: cause.code } },
  );
}
