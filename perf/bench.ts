import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeBenchmarks } from "./bench/writeBenchmarks.js";
import type { BenchResults } from "./bench/BenchResults.js";
import { benchTables, telemetryTable } from "./bench/benchTables.js";
import { checkTargets } from "./bench/checkTargets.js";
import { contenders, serviceRun, TUNED } from "./bench/contenders.js";
import { GHZ_SCENARIOS, measureGhz, noopScenario, SMALL_QUERY_SCENARIOS, type GhzResult } from "./bench/measureGhz.js";
import { measureConcurrency } from "./bench/measureConcurrency.js";
import { measurePgbench } from "./bench/measurePgbench.js";
import { availableParallelism } from "node:os";
import { measureLatency } from "./bench/measureLatency.js";
import { measureMemory } from "./bench/measureMemory.js";
import { measureThroughput } from "./bench/measureThroughput.js";
import { streamRatios, telemetryEnv, type TelemetryOverhead } from "./bench/telemetryOverhead.js";
import { startOtlpSink } from "./support/otlpSink.js";
import { startBenchDatabase } from "./support/benchDatabase.js";
import { Cleanup } from "./support/Cleanup.js";
import { findGhz } from "./support/findGhz.js";
import { machineInfo } from "./support/machineInfo.js";
import { psqlCopySeconds } from "./support/psqlCopy.js";
import { repoRoot } from "./support/repoRoot.js";
import { runChild } from "./support/runChild.js";
import { spawnServer } from "./support/serverProcess.js";
import { median } from "./support/stats.js";
import { PSQL, stageProjects } from "./support/stageProjects.js";
import { textTable } from "./support/textTable.js";

/**
 * `make bench`: one run, one data set, every reader side by side (see TESTING_GUIDE.md).
 *   node dist/perf/bench.js [--rounds N] [--rows N]     (env: DATABASE_URL, BENCH_ROUNDS, PSQL, GHZ)
 *   node dist/perf/bench.js --render-only               (re-render perf/results/latest.json)
 */
const log = (line: string): void => void process.stderr.write(line + "\n");
const option = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return Number(i >= 0 ? process.argv[i + 1] : (process.env[`BENCH_${name.toUpperCase()}`] ?? fallback));
};

/** Prints the tables and rewrites BENCHMARKS.md and the charts from a run's results. */
function report(results: BenchResults): void {
  const tables = benchTables(results, checkTargets(results));
  const all = results.telemetry === undefined ? tables : [...tables.slice(0, -1), telemetryTable(results.telemetry, results.rows), tables.at(-1)!];
  for (const t of all) process.stdout.write(`\n${t.title}\n${textTable(t.header, t.rows)}\n${t.note === undefined ? "" : `(${t.note})\n`}`);
  log(`\nbench: wrote ${writeBenchmarks(repoRoot(), results, tables)} and perf/results/`);
}

async function main(): Promise<void> {
  if (process.argv.includes("--render-only")) {
    // After a change to the report's format: no measuring, the last run's figures re-rendered.
    return report(JSON.parse(readFileSync(join(repoRoot(), "perf", "results", "latest.json"), "utf8")) as BenchResults);
  }
  const rounds = option("rounds", 3);
  const wanted = option("rows", 1_000_000);
  const cleanup = new Cleanup();
  try {
    log(`bench: database (${process.env["DATABASE_URL"] ? "DATABASE_URL" : "embedded PostgreSQL 17"}), ${wanted.toLocaleString("en-US")} projects rows…`);
    const db = await startBenchDatabase();
    cleanup.add(() => db.stop());
    const rows = await stageProjects(db.url, wanted, log);
    const machine = await machineInfo(db.url);
    const serverEnv = { DATABASE_URL: db.url, FRAISEQL_WIRE_SCHEMAS: "test_staging" };
    const server = await spawnServer(serverEnv);
    const stopServer = cleanup.add(() => server.stop());
    const tuned = await spawnServer({ ...serverEnv, ...TUNED.env }, TUNED.nodeArgs);
    const stopTuned = cleanup.add(() => tuned.stop());
    const sink = await startOtlpSink();
    cleanup.add(() => sink.stop());
    const telemetry = await telemetryEnv(sink.endpoint);
    const traced = await spawnServer({ ...serverEnv, ...telemetry.env });
    const stopTraced = cleanup.add(() => traced.stop());

    log("bench: warming up (psql \\copy and one stream, not counted)…");
    await psqlCopySeconds(db.url, "test_staging.v_projects");
    const warm = await serviceRun(server, {});
    await serviceRun(tuned, {});
    await serviceRun(traced, {});
    const connects: number[] = [];
    for (let i = 0; i < 5; i++) connects.push((await runChild<string>(PSQL, [db.url, "-X", "-q", "-c", "select 1"], { json: false })).seconds);
    const connectSeconds = median(connects);

    log(`bench: throughput, ${rounds} rounds (psql start-up + connect ${(connectSeconds * 1000).toFixed(0)} ms is taken off its time)…`);
    const throughput = await measureThroughput(contenders(db.url, server, tuned, rows, () => connectSeconds, traced), rows, rounds, log);
    log("bench: time to first row (limit 10)…");
    const latency = await measureLatency(server, 500, 50);
    const ghz = await runGhz(server);
    const telemetryGhz = await runTelemetryGhz(server, traced);
    const smallQueries = await runSmallQueries(db.url, server);
    log("bench: concurrent streams (1, 4, 10) against as many psql \\copy…");
    const concurrency = await measureConcurrency(db.url, server, rows, [1, 4, 10], rounds, log);
    await stopServer();
    await stopTuned();
    await stopTraced();
    const telemetryResult: TelemetryOverhead = { settings: telemetry.settings, streamRatios: streamRatios(throughput), ghz: telemetryGhz, exported: sink.received() };

    log("bench: memory (fresh server per size)…");
    const sizes = [1000, 100_000, rows];
    const memory = await measureMemory(db.url, sizes, rows, { env: serverEnv, naive: true });
    const memoryWarm = await measureMemory(db.url, sizes, rows, { env: serverEnv, warm: true });
    const memoryTuned = await measureMemory(db.url, sizes, rows, { env: { ...serverEnv, ...TUNED.env }, nodeArgs: TUNED.nodeArgs });

    const results: BenchResults = {
      date: new Date().toISOString(),
      machine,
      psql: execFileSync(PSQL, ["--version"], { encoding: "utf8" }).trim(),
      rows,
      bytes: warm.bytes ?? 0,
      rounds,
      throughput,
      memory,
      memoryWarm,
      memoryTuned,
      latency,
      ghz,
      telemetry: telemetryResult,
      ...(smallQueries === undefined ? {} : { smallQueries }),
      concurrency,
      workers: Number(process.env["FRAISEQL_WIRE_WORKERS"] ?? availableParallelism()),
    };
    report(results);
  } finally {
    await cleanup.run();
  }
}

async function runGhz(server: Awaited<ReturnType<typeof spawnServer>>): Promise<GhzResult[] | { skipped: string }> {
  const ghz = findGhz();
  if (ghz === undefined) {
    const skipped = "ghz is not installed: run scripts/install-tools.sh (needs Go) or set GHZ=/path/to/ghz";
    log(`bench: SKIPPED ghz — ${skipped}`);
    return { skipped };
  }
  const results: GhzResult[] = [];
  for (const scenario of GHZ_SCENARIOS) {
    log(`bench: ghz ${scenario.name}…`);
    results.push(await measureGhz(ghz, server, scenario));
  }
  return results;
}

/** The small-query scenario against the server with nothing configured, with telemetry on, and without again. */
async function runTelemetryGhz(off: Awaited<ReturnType<typeof spawnServer>>, on: Awaited<ReturnType<typeof spawnServer>>): Promise<TelemetryOverhead["ghz"]> {
  const ghz = findGhz();
  if (ghz === undefined) return { skipped: "ghz is not installed" };
  const scenario = GHZ_SCENARIOS[0]!;
  log(`bench: telemetry overhead, ghz ${scenario.name}: off, on, off…`);
  const first = await measureGhz(ghz, off, scenario);
  const traced = await measureGhz(ghz, on, scenario);
  const again = await measureGhz(ghz, off, scenario);
  return { off: [first, again], on: traced };
}

async function runSmallQueries(url: string, server: Awaited<ReturnType<typeof spawnServer>>): Promise<BenchResults["smallQueries"]> {
  const ghz = findGhz();
  if (ghz === undefined) return undefined;
  const out: { ghz: GhzResult; pgbench: Awaited<ReturnType<typeof measurePgbench>>; noop: GhzResult }[] = [];
  for (const scenario of SMALL_QUERY_SCENARIOS) {
    log(`bench: ghz ${scenario.name} beside pgbench…`);
    // Warm: the server's statements are prepared per pooled connection, and its views remembered.
    await measureGhz(ghz, server, { ...scenario, calls: 500 });
    const pgbench = await measurePgbench(url, scenario.concurrency);
    const small = await measureGhz(ghz, server, scenario);
    out.push({ ghz: small, pgbench, noop: await measureGhz(ghz, server, noopScenario(scenario)) });
  }
  return out;
}

main().catch((error: unknown) => {
  log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
