import { join } from "node:path";
import { GHZ_SCENARIOS, measureGhz, type GhzScenario } from "./bench/measureGhz.js";
import { measurePgbench } from "./bench/measurePgbench.js";
import { ENTITY } from "./bench/contenders.js";
import { startBenchDatabase } from "./support/benchDatabase.js";
import { findGhz } from "./support/findGhz.js";
import { stageProjects } from "./support/stageProjects.js";
import { spawnServer } from "./support/serverProcess.js";

/**
 * A/B of small-query rate (not part of `make bench`): interleaved rounds of ghz limit 10 at c=1, 10, 50
 * against each build given (paths of dist/src/main.js), with pgbench limit 10 in each round.
 *   node dist/perf/smallQueries.js --rounds 3 --rows 100000 A=path/to/main.js B=path/to/main.js
 */
const log = (line: string): void => void process.stderr.write(line + "\n");
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

async function main(): Promise<void> {
  const builds = process.argv.filter((a) => /^[A-Za-z0-9_]+=/.test(a)).map((a) => ({ label: a.slice(0, a.indexOf("=")), main: a.slice(a.indexOf("=") + 1) }));
  const rounds = arg("rounds", 3);
  const calls = arg("calls", 5000);
  const db = await startBenchDatabase();
  try {
    await stageProjects(db.url, arg("rows", 100_000), log);
    const ghz = findGhz()!;
    const concurrencies = (process.env["SMALL_C"] ?? "1,10,50").split(",").map(Number);
    for (let r = 0; r < rounds; r++) {
      for (const c of concurrencies) {
        const pg = await measurePgbench(db.url, c, 3);
        log(JSON.stringify({ round: r, c, pgbench: pg.tps }));
        for (const b of r % 2 === 0 ? builds : [...builds].reverse()) {
          process.env["PERF_SERVER_MAIN"] = b.main;
          const server = await spawnServer({ DATABASE_URL: db.url, FRAISEQL_WIRE_SCHEMAS: "test_staging", ...(process.env["SMALL_WORKERS"] ? { FRAISEQL_WIRE_WORKERS: process.env["SMALL_WORKERS"] } : {}) });
          try {
            const scenario: GhzScenario = { name: `limit 10 c=${c}`, concurrency: c, calls: c === 1 ? Math.min(calls, 1000) : calls, request: { entity: ENTITY, limit: 10 } };
            await measureGhz(ghz, server, { ...scenario, calls: 200 });
            const g = await measureGhz(ghz, server, scenario);
            const load = (await import("node:os")).loadavg()[0]!.toFixed(1);
            log(JSON.stringify({ round: r, c, build: b.label, rps: Math.round(g.rps), p50: g.p50Ms.toFixed(2), p99: g.p99Ms.toFixed(2), cpuMsPerCall: g.serverCpuMsPerCall.toFixed(3), ratio: (g.rps / pg.tps).toFixed(3), statuses: g.statuses, load }));
          } finally {
            await server.stop();
          }
        }
      }
    }
  } finally {
    await db.stop();
  }
}
void GHZ_SCENARIOS;
void join;
main().catch((e: unknown) => {
  log(String(e instanceof Error ? e.stack : e));
  process.exit(1);
});
