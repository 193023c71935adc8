import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { WireClient } from "../src/client/index.js";
import { startBenchDatabase } from "./support/benchDatabase.js";
import { Cleanup } from "./support/Cleanup.js";
import { repoRoot } from "./support/repoRoot.js";
import { spawnServer, type ServerProcess } from "./support/serverProcess.js";
import { stageProjects } from "./support/stageProjects.js";
import { textTable } from "./support/textTable.js";

/**
 * `make resume-demo` (issue 10): one 1M-row stream of test_staging.projects through the SDK, from a
 * client given two replicas (sharing FRAISEQL_WIRE_RESUME_KEY), undisturbed and then through
 * 3 pg_terminate_backend of the stream's backend and 1 SIGKILL of the replica serving it. Every row
 * received is checked against a direct SQL read of the same query: count, duplicates, missing rows,
 * order, and a SHA-256 over every row. Reports the total time of each run. Never part of `make test`.
 *   node dist/perf/resumeDemo.js [--rounds n]     (undisturbed and disturbed runs, interleaved; default 2)
 * env: DATABASE_URL (else an embedded PostgreSQL 17 with 1M generated rows)
 */
const log = (line: string): void => void process.stderr.write(line + "\n");
const ROWS = 1_000_000;
const KEY = "resume-demo-shared-key-0123456789abcdef";
// The rows at which the consumer breaks the stream's serving path: backend, backend, backend, replica.
const FAULTS: ReadonlyArray<{ at: number; kind: "backend" | "replica" }> = [
  { at: 150_000, kind: "backend" },
  { at: 350_000, kind: "backend" },
  { at: 550_000, kind: "backend" },
  { at: 750_000, kind: "replica" },
];

interface Run {
  readonly label: string;
  readonly seconds: number;
  readonly received: number;
  readonly duplicates: number;
  readonly missing: number;
  readonly inOrder: boolean;
  readonly checksumOk: boolean;
  readonly attempts: number;
  readonly resumes: string[];
}

/** The md5 of every row of the query, in its order, and a SHA-256 over all rows, read straight from PostgreSQL. */
async function readExpected(url: string): Promise<{ hashes: string[]; checksum: string }> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const hashes: string[] = [];
  const all = createHash("sha256");
  try {
    // The service orders a keyed entity without order_by by its key: the same order here.
    await sql.begin(async (tx) => {
      for await (const batch of tx<{ data: string }[]>`select data::text as data from test_staging.v_projects order by id`.cursor(10_000)) {
        for (const { data } of batch) {
          hashes.push(createHash("md5").update(data).digest("hex"));
          all.update(data).update("\n");
        }
      }
    });
  } finally {
    await sql.end();
  }
  return { hashes, checksum: all.digest("hex") };
}

async function runOnce(label: string, replicas: ServerProcess[], expected: { hashes: string[]; checksum: string }, url: string, faults: typeof FAULTS, restart: (dead: ServerProcess) => Promise<ServerProcess>): Promise<Run> {
  const client = new WireClient(replicas.map((r) => r.address));
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const resumes: string[] = [];
  const query = client.query("test_staging.projects").resume({ onResume: (e) => resumes.push(`${e.error.reason} at row ${e.rowsReceived}`) });
  const wanted = new Map<string, number>();
  for (const h of expected.hashes) wanted.set(h, (wanted.get(h) ?? 0) + 1);
  const seen = new Map<string, number>();
  const all = createHash("sha256");
  let received = 0;
  let duplicates = 0;
  let inOrder = true;
  let next = 0;
  let killed: ServerProcess | undefined;
  const started = process.hrtime.bigint();
  try {
    for await (const row of query.raw()) {
      const h = createHash("md5").update(row).digest("hex");
      all.update(row).update("\n");
      if (expected.hashes[received] !== h) inOrder = false;
      const n = (seen.get(h) ?? 0) + 1;
      seen.set(h, n);
      if (n > (wanted.get(h) ?? 0)) duplicates += 1;
      received += 1;
      const fault = faults[next];
      if (fault !== undefined && received === fault.at) {
        next += 1;
        if (fault.kind === "backend") {
          const terminated = await admin`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'fraiseql-wire' and state <> 'idle'`;
          log(`resume-demo: ${label}: row ${received}: pg_terminate_backend of ${terminated.length} busy backend(s)`);
        } else {
          killed = replicas.find((r) => r.address === query.address);
          log(`resume-demo: ${label}: row ${received}: SIGKILL of the replica serving the stream (${query.address})`);
          await killed?.kill();
        }
      }
    }
  } finally {
    client.close();
    await admin.end({ timeout: 1 });
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  let missing = 0;
  for (const [h, n] of wanted) missing += Math.max(0, n - (seen.get(h) ?? 0));
  if (killed !== undefined) replicas[replicas.indexOf(killed)] = await restart(killed);
  return { label, seconds, received, duplicates, missing, inOrder, checksumOk: all.digest("hex") === expected.checksum, attempts: query.attempts, resumes };
}

async function main(): Promise<number> {
  const i = process.argv.indexOf("--rounds");
  const rounds = i >= 0 ? Number(process.argv[i + 1]) : 2;
  const cleanup = new Cleanup();
  try {
    const db = await startBenchDatabase();
    cleanup.add(() => db.stop());
    const total = await stageProjects(db.url, ROWS, log);
    log(`resume-demo: test_staging.v_projects has ${total} rows; reading the expected rows straight from PostgreSQL…`);
    const expected = await readExpected(db.url);
    const env = { DATABASE_URL: db.url, FRAISEQL_WIRE_SCHEMAS: "test_staging", FRAISEQL_WIRE_RESUME_KEY: KEY };
    const replicas = [await spawnServer(env), await spawnServer(env)];
    for (const r of replicas) cleanup.add(() => r.stop());
    const restart = async (dead: ServerProcess): Promise<ServerProcess> => {
      const fresh = await spawnServer(env);
      cleanup.add(() => fresh.stop());
      log(`resume-demo: replica ${dead.address} replaced by ${fresh.address}`);
      return fresh;
    };
    const runs: Run[] = [];
    for (let round = 1; round <= rounds; round++) {
      for (const disturbed of [false, true]) {
        const label = `${disturbed ? "3 backend kills + 1 replica kill" : "undisturbed"} (round ${round})`;
        log(`resume-demo: ${label}…`);
        const run = await runOnce(label, replicas, expected, db.url, disturbed ? FAULTS : [], restart);
        log(`resume-demo: ${label}: ${run.received} rows in ${run.seconds.toFixed(2)} s, ${run.attempts} calls${run.resumes.length > 0 ? ` (${run.resumes.join("; ")})` : ""}`);
        runs.push(run);
      }
    }
    const rows = runs.map((r) => [
      r.label,
      r.received.toLocaleString("en-US"),
      String(r.duplicates),
      String(r.missing),
      r.inOrder ? "yes" : "NO",
      r.checksumOk ? "yes" : "NO",
      String(r.attempts),
      r.seconds.toFixed(2),
    ]);
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    const calm = mean(runs.filter((r) => r.label.startsWith("undisturbed")).map((r) => r.seconds));
    const hit = mean(runs.filter((r) => !r.label.startsWith("undisturbed")).map((r) => r.seconds));
    process.stdout.write(
      `${textTable(["run", "rows received", "duplicates", "missing", "in order", "sha256 = SQL", "SDK calls", "seconds"], rows)}\n` +
        `mean: undisturbed ${calm.toFixed(2)} s, disturbed ${hit.toFixed(2)} s (${(hit / calm).toFixed(2)}x, +${(hit - calm).toFixed(2)} s); expected ${expected.hashes.length.toLocaleString("en-US")} rows\n`,
    );
    const dir = join(repoRoot(), "perf", "results");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "resume-demo.json"), JSON.stringify({ when: new Date().toISOString(), expectedRows: expected.hashes.length, runs, meanSeconds: { undisturbed: calm, disturbed: hit } }, null, 2) + "\n");
    const ok = runs.every((r) => r.received === expected.hashes.length && r.duplicates === 0 && r.missing === 0 && r.inOrder && r.checksumOk);
    if (!ok) log("resume-demo: FAILED: a run did not receive exactly the rows of the direct SQL read");
    return ok ? 0 : 1;
  } finally {
    await cleanup.run();
  }
}

process.exitCode = await main();
