import { spawn } from "node:child_process";
import { join } from "node:path";
import postgres from "postgres";
import { repoRoot } from "./repoRoot.js";

/** psql binary for the generator and the \copy baseline: PSQL if set, else Debian's client. */
export const PSQL = process.env["PSQL"] ?? "psql";

/**
 * Loads test/fixtures/schema.sql and `rows` generated small `projects` rows with
 * test/generate_test_data.sh (idempotent: a second run on the same database adds nothing), then
 * VACUUM (FREEZE, ANALYZE) so that no reader pays for setting hint bits on its first scan.
 * Returns the row count of test_staging.v_projects (more than `rows` if seed rows are present).
 */
export async function stageProjects(url: string, rows: number, log: (line: string) => void): Promise<number> {
  const script = join(repoRoot(), "test", "generate_test_data.sh");
  await new Promise<void>((resolve, reject) => {
    const child = spawn(script, [String(rows), "projects"], {
      env: { ...process.env, DATABASE_URL: url, PSQL },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      const summary = output.split("\n").find((line) => line.startsWith("projects")) ?? "";
      if (code === 0) {
        log(`generator: ${summary.trim()}`);
        resolve();
      } else reject(new Error(`test/generate_test_data.sh exited with ${code}:\n${output}`));
    });
  });
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`vacuum (freeze, analyze) test_staging.projects`;
    const [row] = await sql<{ n: string }[]>`select count(*) as n from test_staging.v_projects`;
    return Number(row!.n);
  } finally {
    await sql.end();
  }
}
