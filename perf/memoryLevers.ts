import { join } from "node:path";
import { loadavg } from "node:os";
import type { StreamReport } from "./StreamJob.js";
import { ENTITY } from "./bench/contenders.js";
import { repoRoot } from "./support/repoRoot.js";
import { runNodeScript } from "./support/runChild.js";
import { spawnServer } from "./support/serverProcess.js";
import { startBenchDatabase } from "./support/benchDatabase.js";
import { stageProjects } from "./support/stageProjects.js";

/**
 * A/B of memory levers (not part of `make bench`): interleaved rounds, a fresh server per run,
 * peak RSS of the server's process tree above its idle while one client streams the whole view,
 * and that stream's rows/s. Variants are JSON: [{"label": "...", "nodeArgs": [...], "env": {...}}].
 *   DATABASE_URL=… node dist/perf/memoryLevers.js --rounds 2 '<variants>'
 */
interface Variant {
  readonly label: string;
  readonly main?: string;
  readonly nodeArgs?: string[];
  readonly env?: Record<string, string>;
}
const log = (line: string): void => void process.stderr.write(line + "\n");

async function main(): Promise<void> {
  const i = process.argv.indexOf("--rounds");
  const rounds = i >= 0 ? Number(process.argv[i + 1]) : 2;
  const variants = JSON.parse(process.argv[process.argv.length - 1]!) as Variant[];
  const r = process.argv.indexOf("--rows");
  const own = process.env["DATABASE_URL"] === undefined ? await startBenchDatabase() : undefined;
  if (own !== undefined) await stageProjects(own.url, r >= 0 ? Number(process.argv[r + 1]) : 1_000_000, log);
  const url = own?.url ?? process.env["DATABASE_URL"]!;
  const defaultMain = process.env["PERF_SERVER_MAIN"];
  try {
    await measure(url, rounds, variants, defaultMain);
  } finally {
    await own?.stop();
  }
}

async function measure(url: string, rounds: number, variants: readonly Variant[], defaultMain: string | undefined): Promise<void> {
  const client = join(repoRoot(), "dist", "perf", "streamClient.js");
  for (let round = 0; round < rounds; round++) {
    for (const v of round % 2 === 0 ? variants : [...variants].reverse()) {
      const build = v.main ?? defaultMain;
      if (build === undefined) delete process.env["PERF_SERVER_MAIN"];
      else process.env["PERF_SERVER_MAIN"] = build;
      const server = await spawnServer({ DATABASE_URL: url, FRAISEQL_WIRE_SCHEMAS: "test_staging", ...v.env }, v.nodeArgs ?? []);
      try {
        const stream = (limit: number) => runNodeScript<StreamReport>(client, [JSON.stringify({ address: server.address, mode: "stream", entity: ENTITY, limit })]);
        await stream(10);
        await new Promise((res) => setTimeout(res, 1000));
        const idle = server.rss();
        server.resetPeak();
        const cpu = server.cpuSeconds();
        const { value } = await stream(0);
        const got = value.outcomes[0]!;
        const peak = server.peakRss();
        log(JSON.stringify({ round, variant: v.label, rows: got.rows, rowsPerS: Math.round(got.rows / got.seconds), overIdleMiB: ((peak - idle) / 2 ** 20).toFixed(1), idleMiB: (idle / 2 ** 20).toFixed(1), serverCpuS: (server.cpuSeconds() - cpu).toFixed(2), load: loadavg()[0]!.toFixed(1), error: got.error }));
      } finally {
        await server.stop();
      }
    }
  }
}
main().catch((e: unknown) => {
  log(String(e instanceof Error ? e.stack : e));
  process.exit(1);
});
