import { WireError } from "./WireError.js";

/** The fields of a postgres.js PostgresError we read (SQLSTATE and the server's own texts). */
interface PostgresLike {
  readonly code: string;
  readonly message: string;
  readonly detail?: string;
  readonly hint?: string;
}

/** True for an error that PostgreSQL itself sent (postgres.js PostgresError). */
export function isPostgresError(error: unknown): error is PostgresLike {
  return error instanceof Error && error.name === "PostgresError" && typeof (error as { code?: unknown }).code === "string";
}

/**
 * Maps a PostgreSQL error by its SQLSTATE (https://www.postgresql.org/docs/current/errcodes-appendix.html)
 * to the catalog. PostgreSQL's own message goes only to logs and, when enabled, DebugInfo: it can
 * quote SQL or data.
 */
export function fromPostgresError(error: PostgresLike): WireError {
  const state = error.code;
  const cls = state.slice(0, 2);
  const options = { cause: error, debugDetail: `${state}: ${error.message}`, metadata: { sqlstate: state } };
  if (state === "57014") {
    return new WireError(
      "QUERY_TIMEOUT",
      `the query ran longer than the server's statement timeout and PostgreSQL cancelled it. ` +
        `Narrow it with a filter or a limit, add an index for its filter or order_by, or raise FRAISEQL_WIRE_STATEMENT_TIMEOUT_MS on the server.`,
      options,
    );
  }
  if (state === "57P01" || state === "57P02" || state === "57P03" || cls === "08") {
    return new WireError(
      "DATABASE_UNAVAILABLE",
      `the database connection was lost or refused (SQLSTATE ${state}): PostgreSQL is restarting, shutting down or unreachable. Retry after a short delay.`,
      options,
    );
  }
  if (cls === "28") {
    return new WireError(
      "DATABASE_AUTH_FAILED",
      `PostgreSQL rejected the server's credentials (SQLSTATE ${state}). Check the user and password in the server's DATABASE_URL and pg_hba.conf.`,
      options,
    );
  }
  if (state === "3D000") {
    return new WireError(
      "DATABASE_NOT_FOUND",
      `the database named in the server's DATABASE_URL does not exist (SQLSTATE 3D000). Create it, or fix the database name in DATABASE_URL.`,
      options,
    );
  }
  if (cls === "40") {
    return new WireError("SERIALIZATION_CONFLICT", `the transaction conflicted with a concurrent one (SQLSTATE ${state}). Retry the request.`, options);
  }
  if (cls === "53") {
    return new WireError(
      "DATABASE_RESOURCE_EXHAUSTED",
      `PostgreSQL ran out of a resource (SQLSTATE ${state}: connections, memory or disk). Retry later; operators should check max_connections, work_mem and disk space.`,
      options,
    );
  }
  if (state === "42P01" || state === "42703" || state === "42883" || cls === "42" || cls === "22" || cls === "54" || cls === "0A") {
    return new WireError(
      "QUERY_FAILED",
      `PostgreSQL refused the query (SQLSTATE ${state}). The view may have changed while the request ran, or it cannot be read by the server's role; check the view definition and its grants.`,
      options,
    );
  }
  return new WireError("INTERNAL", "internal error: the server logged the cause.", options);
}
