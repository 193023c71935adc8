import { loadavg } from "node:os";
import { serviceRun, VIEW } from "./bench/contenders.js";
import { measureConcurrency } from "./bench/measureConcurrency.js";
import { startBenchDatabase } from "./support/benchDatabase.js";
import { psqlCopySeconds } from "./support/psqlCopy.js";
import { spawnServer, type ServerProcess } from "./support/serverProcess.js";
import { stageProjects } from "./support/stageProjects.js";

/**
 * A/B of the big stream across builds (not part of `make bench`): one long-lived server per build,
 * warmed, then interleaved rounds of one whole-view stream on each, with psql \copy in every round.
 * Builds are label=path/to/dist/src/main.js; an optional label=path@ENV=value,ENV=value sets env.
 * With --streams N, each round runs N concurrent streams of rows/N (perf/bench/measureConcurrency.ts:
 * its own psql runs beside each) instead.
 *   node dist/perf/streamBuilds.js --rounds 5 --rows 1000000 [--streams 10] main=/tmp/a/dist/src/main.js perf2=dist/src/main.js
 */
const log = (line: string): void => void process.stderr.write(line + "\n");
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

async function main(): Promise<void> {
  const builds = process.argv
    .filter((a) => /^[A-Za-z0-9_]+=/.test(a))
    .map((a) => {
      const [path, envText] = a.slice(a.indexOf("=") + 1).split("@");
      const env = Object.fromEntries((envText ?? "").split(",").filter((kv) => kv !== "").map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)] as const));
      return { label: a.slice(0, a.indexOf("=")), path: path!, env };
    });
  const db = await startBenchDatabase();
  const servers: ServerProcess[] = [];
  try {
    await stageProjects(db.url, arg("rows", 1_000_000), log);
    for (const b of builds) {
      process.env["PERF_SERVER_MAIN"] = b.path;
      servers.push(await spawnServer({ DATABASE_URL: db.url, FRAISEQL_WIRE_SCHEMAS: "test_staging", ...b.env }));
    }
    await psqlCopySeconds(db.url, VIEW);
    for (const s of servers) await serviceRun(s, {});
    const streams = arg("streams", 0);
    // --entity: another entity than test_staging.projects for the single-stream rounds (psql still reads v_projects).
    const entityAt = process.argv.indexOf("--entity");
    const entity = entityAt >= 0 ? process.argv[entityAt + 1] : undefined;
    for (let round = 0; round < arg("rounds", 3); round++) {
      if (streams > 0) {
        for (const i of round % 2 === 0 ? builds.keys() : [...builds.keys()].reverse()) {
          const [r] = await measureConcurrency(db.url, servers[i]!, arg("rows", 1_000_000), [streams], 1, () => {});
          log(JSON.stringify({ round, build: builds[i]!.label, streams, seconds: r!.serviceSeconds.toFixed(2), psqlSeconds: r!.psqlSeconds.toFixed(2), ratio: r!.ratio.toFixed(3), serverCpuS: r!.serverCpuSeconds.toFixed(2), load: loadavg()[0]!.toFixed(1) }));
        }
        continue;
      }
      const psql = await psqlCopySeconds(db.url, VIEW);
      for (const i of round % 2 === 0 ? builds.keys() : [...builds.keys()].reverse()) {
        const r = await serviceRun(servers[i]!, entity === undefined ? {} : { entity });
        log(JSON.stringify({ round, build: builds[i]!.label, seconds: r.seconds.toFixed(2), psqlSeconds: psql.toFixed(2), ratio: (psql / r.seconds).toFixed(3), serverCpuS: r.serverCpuSeconds?.toFixed(2), clientCpuS: r.clientCpuSeconds?.toFixed(2), load: loadavg()[0]!.toFixed(1) }));
      }
    }
  } finally {
    for (const s of servers) await s.stop();
    await db.stop();
  }
}
main().catch((e: unknown) => {
  log(String(e instanceof Error ? e.stack : e));
  process.exit(1);
});
