/** The fields of a postgres.js PostgresError we read: SQLSTATE and PostgreSQL's own texts. */
export interface PostgresLike {
  readonly code: string;
  readonly message: string;
  readonly detail?: string;
  readonly hint?: string;
}

/** True for an error that PostgreSQL itself sent (postgres.js PostgresError). */
export function isPostgresError(error: unknown): error is PostgresLike {
  return error instanceof Error && error.name === "PostgresError" && typeof (error as { code?: unknown }).code === "string";
}
