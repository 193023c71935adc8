import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadChecks } from "./load/loadChecks.js";
import { loadTables } from "./load/loadTables.js";
import { runScenario, type Scenario } from "./load/runScenario.js";
import { runSoak, type SoakResult } from "./load/runSoak.js";
import type { ScenarioResult } from "./load/ScenarioResult.js";
import { startBenchDatabase } from "./support/benchDatabase.js";
import { Cleanup } from "./support/Cleanup.js";
import { machineInfo } from "./support/machineInfo.js";
import { parseDuration } from "./support/parseDuration.js";
import { replaceSectionInFile } from "./support/replaceSection.js";
import { repoRoot } from "./support/repoRoot.js";
import { spawnServer } from "./support/serverProcess.js";
import { stageProjects } from "./support/stageProjects.js";
import { markdownTable, textTable } from "./support/textTable.js";

/**
 * `make load`: concurrent streams, one 1M-row stream at several chunk sizes, then a soak; exits 1
 * when any check fails (see TESTING_GUIDE.md).
 *   node dist/perf/load.js [--soak <90s|5m|2h|minutes>] [--soak-only] [--no-soak]
 * env: LOAD_SOAK_MINUTES (default 1), LOAD_STEADY_RATIO (0.6), LOAD_SOAK_MAX_GROWTH_MIB (10), DATABASE_URL
 */
const log = (line: string): void => void process.stderr.write(line + "\n");
const flag = (name: string): boolean => process.argv.includes(`--${name}`);
const soakArg = (): string => {
  const i = process.argv.indexOf("--soak");
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : (process.env["LOAD_SOAK_MINUTES"] || "1");
};

const CONCURRENCY: readonly Scenario[] = [
  { name: "5 × 100K", streams: 5, rows: 100_000, expectedRows: 100_000 },
  { name: "10 × 50K", streams: 10, rows: 50_000, expectedRows: 50_000 },
  { name: "10 × 100K", streams: 10, rows: 100_000, expectedRows: 100_000 },
];
const oneMillion = (name: string, chunkRows?: number, chunkBytes?: number): Scenario => ({
  name: `1 × 1M, ${name}`,
  streams: 1,
  rows: 0,
  expectedRows: 1_000_000,
  ...(chunkRows === undefined ? {} : { chunkRows }),
  ...(chunkBytes === undefined ? {} : { chunkBytes }),
});
const CHUNKS: readonly Scenario[] = [oneMillion("chunk_rows 100", 100), oneMillion("default chunks"), oneMillion("chunk_rows 10000", 10_000), oneMillion("chunk_bytes 4 MB", 100_000, 4_000_000)];

async function main(): Promise<number> {
  const soakSeconds = flag("no-soak") ? 0 : parseDuration(soakArg());
  const cleanup = new Cleanup();
  try {
    const db = await startBenchDatabase();
    cleanup.add(() => db.stop());
    const total = await stageProjects(db.url, 1_000_000, log);
    if (total !== 1_000_000) log(`load: note: test_staging.v_projects has ${total} rows (seed rows?); 1M-row scenarios expect exactly 1,000,000`);
    const machine = await machineInfo(db.url);
    const server = await spawnServer({ DATABASE_URL: db.url, FRAISEQL_WIRE_SCHEMAS: "test_staging", FRAISEQL_WIRE_POOL_SIZE: "12" });
    cleanup.add(() => server.stop());
    const results: ScenarioResult[] = [];
    const run = async (scenario: Scenario): Promise<void> => {
      log(`load: ${scenario.name}…`);
      results.push(await runScenario(server, scenario));
    };
    if (!flag("soak-only")) {
      // Opens every pooled connection (SCRAM auth, a cold backend) so that no scenario pays for it.
      await runScenario(server, { name: "warm-up", streams: 12, rows: 10_000, expectedRows: 10_000 });
      for (const s of [...CONCURRENCY, ...CHUNKS]) await run(s);
    }
    let soak: SoakResult | undefined;
    if (soakSeconds > 0) {
      log(`load: soak for ${(soakSeconds / 60).toFixed(1)} min…`);
      soak = await runSoak(server, soakSeconds, log);
      await run({ ...CONCURRENCY[1]!, name: "10 × 50K after the soak" });
    }
    const checks = loadChecks(results, [...CONCURRENCY.map((s) => s.name), "1 × 1M, default chunks"], soak, {
      steadyRatio: Number(process.env["LOAD_STEADY_RATIO"] ?? 0.6),
      maxSoakGrowth: Number(process.env["LOAD_SOAK_MAX_GROWTH_MIB"] ?? 10) * 2 ** 20,
    });
    const tables = loadTables(results, soak, checks);
    for (const t of tables) process.stdout.write(`\n${t.title}\n${textTable(t.header, t.rows)}\n`);

    const dir = join(repoRoot(), "perf", "results");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "load.json"), JSON.stringify({ date: new Date().toISOString(), machine, results, soak, checks }, null, 2) + "\n");
    const header = `Run of ${new Date().toISOString()} on ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.postgres}; load average at the start ${machine.loadAverage}.`;
    replaceSectionInFile(join(repoRoot(), "BENCHMARKS.md"), "load", [header, "", ...tables.flatMap((t) => [`### ${t.title}`, "", markdownTable(t.header, t.rows), ""])].join("\n"));
    const failed = checks.filter((c) => !c.passed);
    if (failed.length > 0) log(`\nload: the server's last log lines:\n${server.logTail().trim().split("\n").slice(-20).join("\n")}`);
    log(failed.length === 0 ? "\nload: all checks passed" : `\nload: ${failed.length} check(s) FAILED`);
    return failed.length === 0 ? 0 : 1;
  } finally {
    await cleanup.run();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(`load failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
