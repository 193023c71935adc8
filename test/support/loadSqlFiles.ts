import { existsSync } from "node:fs";
import postgres from "postgres";

/** Runs SQL files (several statements each) against a database, in order; missing files are skipped. */
export async function loadSqlFiles(url: string, files: readonly string[]): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    for (const file of files) if (existsSync(file)) await sql.file(file);
  } finally {
    await sql.end();
  }
}
