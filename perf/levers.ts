import { serviceRun } from "./bench/contenders.js";
import { startBenchDatabase } from "./support/benchDatabase.js";
import { Cleanup } from "./support/Cleanup.js";
import { fixed, int, mib, ratio } from "./support/format.js";
import { psqlCopySeconds } from "./support/psqlCopy.js";
import { spawnServer } from "./support/serverProcess.js";
import { median } from "./support/stats.js";
import { stageProjects } from "./support/stageProjects.js";
import { textTable } from "./support/textTable.js";

/**
 * The tuning levers side by side, for BENCHMARKS.md's "what we tried": each setting gets a fresh
 * server per round (so its peak RSS is a cold start's), one 1M-row stream, and psql \copy in the
 * same round for the ratio. node dist/perf/levers.js [--rounds N]   (DATABASE_URL reuses a database)
 */
interface Lever {
  readonly name: string;
  readonly env?: Record<string, string>;
  readonly nodeArgs?: readonly string[];
  readonly chunkRows?: number;
  readonly chunkBytes?: number;
}

const CHUNK_10K = { FRAISEQL_WIRE_CHUNK_ROWS: "10000" };
const SEMI_1 = ["--max-semi-space-size=1"];
const LEVERS: readonly Lever[] = [
  { name: "defaults (chunk 1000 rows/1 MiB, fetch 2 MiB ≤ 20000 rows)" },
  { name: "FRAISEQL_WIRE_CHUNK_ROWS=10000", env: CHUNK_10K },
  { name: "chunk 10000 + FETCH_BYTES=4 MiB, MAX_FETCH_ROWS=50000", env: { ...CHUNK_10K, FRAISEQL_WIRE_FETCH_BYTES: "4194304", FRAISEQL_WIRE_MAX_FETCH_ROWS: "50000" } },
  { name: "FETCH_BYTES=1 MiB", env: { FRAISEQL_WIRE_FETCH_BYTES: "1048576" } },
  { name: "FETCH_BYTES=512 KiB", env: { FRAISEQL_WIRE_FETCH_BYTES: "524288" } },
  { name: "chunk_bytes 256 KiB (request)", chunkBytes: 262_144 },
  { name: "node --max-semi-space-size=1", nodeArgs: SEMI_1 },
  { name: "FETCH_BYTES=512 KiB + --max-semi-space-size=1", env: { FRAISEQL_WIRE_FETCH_BYTES: "524288" }, nodeArgs: SEMI_1 },
  { name: "FETCH_BYTES=1 MiB + --max-semi-space-size=1", env: { FRAISEQL_WIRE_FETCH_BYTES: "1048576" }, nodeArgs: SEMI_1 },
];

const log = (line: string): void => void process.stderr.write(line + "\n");

async function main(): Promise<void> {
  const i = process.argv.indexOf("--rounds");
  const rounds = i >= 0 ? Number(process.argv[i + 1]) : 2;
  const cleanup = new Cleanup();
  try {
    const db = await startBenchDatabase();
    cleanup.add(() => db.stop());
    const rows = await stageProjects(db.url, 1_000_000, log);
    await psqlCopySeconds(db.url, "test_staging.v_projects");
    const results = LEVERS.map(() => ({ ratios: [] as number[], cpu: [] as number[], above: [] as number[] }));
    for (let round = 1; round <= rounds; round++) {
      for (const [k, lever] of LEVERS.entries()) {
        // The limit right before each setting: the machine is shared and drifts within a round.
        const limit = await psqlCopySeconds(db.url, "test_staging.v_projects");
        const server = await spawnServer({ DATABASE_URL: db.url, FRAISEQL_WIRE_SCHEMAS: "test_staging", ...lever.env }, lever.nodeArgs ?? []);
        const stop = cleanup.add(() => server.stop());
        await serviceRun(server, { limit: 10 });
        await new Promise((r) => setTimeout(r, 500));
        const idle = server.rss();
        server.resetPeak();
        const run = await serviceRun(server, { ...(lever.chunkRows ? { chunkRows: lever.chunkRows } : {}), ...(lever.chunkBytes ? { chunkBytes: lever.chunkBytes } : {}) });
        if (run.rows !== rows) throw new Error(`${lever.name}: ${run.rows} rows`);
        results[k]!.ratios.push(limit / run.seconds);
        results[k]!.cpu.push(run.serverCpuSeconds ?? Number.NaN);
        const above = server.peakRss() - idle;
        results[k]!.above.push(above);
        await stop();
        log(`  round ${round}  ${lever.name.padEnd(60)} ${ratio(limit / run.seconds)}  peak +${mib(above)} MiB`);
      }
    }
    process.stdout.write(
      `\nLevers: ${int(rows)} rows, median of ${rounds} rounds; ratio to psql \\copy in the same round; peak RSS above idle of a fresh server\n` +
        textTable(
          ["setting", "ratio to psql", "server CPU s", "peak above idle MiB"],
          LEVERS.map((l, k) => [l.name, ratio(median(results[k]!.ratios)), fixed(median(results[k]!.cpu), 2), mib(median(results[k]!.above))]),
        ) +
        "\n",
    );
  } finally {
    await cleanup.run();
  }
}

main().catch((error: unknown) => {
  log(`levers failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
