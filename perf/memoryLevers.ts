import { join } from "node:path";
import { loadavg } from "node:os";
import type { StreamReport } from "./StreamJob.js";
import { ENTITY } from "./bench/contenders.js";
import { repoRoot } from "./support/repoRoot.js";
import { runNodeScript } from "./support/runChild.js";
import { spawnServer } from "./support/serverProcess.js";

/**
 * A/B of memory levers (not part of `make bench`): interleaved rounds, a fresh server per run,
 * peak RSS of the server's process tree above its idle while one client streams the whole view,
 * and that stream's rows/s. Variants are JSON: [{"label": "...", "nodeArgs": [...], "env": {...}}].
 *   DATABASE_URL=… node dist/perf/memoryLevers.js --rounds 2 '<variants>'
 */
interface Variant {
  readonly label: string;
  readonly nodeArgs?: string[];
  readonly env?: Record<string, string>;
}
const log = (line: string): void => void process.stderr.write(line + "\n");

async function main(): Promise<void> {
  const i = process.argv.indexOf("--rounds");
  const rounds = i >= 0 ? Number(process.argv[i + 1]) : 2;
  const variants = JSON.parse(process.argv[process.argv.length - 1]!) as Variant[];
  const url = process.env["DATABASE_URL"]!;
  const client = join(repoRoot(), "dist", "perf", "streamClient.js");
  for (let r = 0; r < rounds; r++) {
    for (const v of r % 2 === 0 ? variants : [...variants].reverse()) {
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
        log(JSON.stringify({ round: r, variant: v.label, rows: got.rows, rowsPerS: Math.round(got.rows / got.seconds), overIdleMiB: ((peak - idle) / 2 ** 20).toFixed(1), idleMiB: (idle / 2 ** 20).toFixed(1), serverCpuS: (server.cpuSeconds() - cpu).toFixed(2), load: loadavg()[0]!.toFixed(1), error: got.error }));
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
