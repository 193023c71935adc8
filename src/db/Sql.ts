import type postgres from "postgres";

/** The postgres.js handle used across src/db and src/stream (a pool or a reserved connection). */
export type Sql = postgres.Sql<Record<string, never>>;
export type ReservedSql = postgres.ReservedSql<Record<string, never>>;
