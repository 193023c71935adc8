import postgres from "postgres";
import { startScratchDatabase } from "../../../perf/support/scratchDatabase.js";
import { loadSqlFiles } from "../../support/loadSqlFiles.js";

export interface FuzzDatabase {
  /** The superuser's URL: the harness's own connections, never the server's. */
  readonly adminUrl: string;
  /** The server's URL: role wire_fuzz, which reads nothing itself and switches to fuzz_reader. */
  readonly serverUrl: string;
  stop(): Promise<void>;
}

/** An embedded PostgreSQL 17 of its own with pg_stat_statements, so that every statement the server runs is counted. */
export async function startFuzzDatabase(): Promise<FuzzDatabase> {
  const db = await startScratchDatabase({
    name: "fraiseql-wire-fuzz-pg-",
    postgresFlags: [
      "-c", "shared_preload_libraries=pg_stat_statements",
      "-c", "pg_stat_statements.track=all",
      "-c", "pg_stat_statements.max=20000",
      "-c", "max_connections=100",
    ],
  });
  await loadSqlFiles(db.url, ["test/fuzz/support/fuzz.sql"]);
  const server = new URL(db.url);
  server.username = "wire_fuzz";
  server.password = "wire_fuzz";
  return {
    adminUrl: db.url,
    serverUrl: server.toString(),
    stop: () => db.stop(),
  };
}

/** Inserts the documents; each belongs to one tenant (a caller's token name). */
export async function loadDocuments(adminUrl: string, rows: ReadonlyArray<{ id: number; tenant: string; data: unknown }>): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    for (const row of rows) await sql`insert into fuzz.docs values (${row.id}, ${row.tenant}, ${JSON.stringify(row.data)}::text::jsonb)`;
  } finally {
    await sql.end();
  }
}
