import { join } from "node:path";
import type { StreamReport } from "../StreamJob.js";
import { repoRoot } from "../support/repoRoot.js";
import { RssSampler } from "../support/RssSampler.js";
import { runNodeScript } from "../support/runChild.js";
import { spawnServer } from "../support/serverProcess.js";
import { ENTITY, VIEW } from "./contenders.js";

export interface MemoryPoint {
  readonly rows: number;
  readonly serverIdle: number;
  readonly serverPeak: number;
  /** NaN when the naive reader was not run. */
  readonly naiveIdle: number;
  readonly naivePeak: number;
}

export interface MemoryOptions {
  readonly env: Record<string, string>;
  readonly nodeArgs?: readonly string[];
  /** Also run the naive `await sql\`select …\`` reader at each size. */
  readonly naive?: boolean;
  /** Stream the whole view once before measuring: the server's working size is then reached. */
  readonly warm?: boolean;
}

/**
 * Peak RSS above idle while streaming N rows, a fresh server per size (each starts from the same
 * state). Idle is taken after a limit-10 call (and the optional warm-up stream); the peak is the
 * kernel's VmHWM, reset just before the stream (sampled every 5 ms where the reset is refused).
 * The largest size reads the whole view: a plain scan, the fastest producer (a limit adds `order by id`).
 */
export async function measureMemory(url: string, sizes: readonly number[], totalRows: number, options: MemoryOptions): Promise<MemoryPoint[]> {
  const perf = join(repoRoot(), "dist", "perf");
  const points: MemoryPoint[] = [];
  for (const rows of sizes) {
    const server = await spawnServer(options.env, options.nodeArgs ?? []);
    try {
      const stream = (limit: number) =>
        runNodeScript<StreamReport>(join(perf, "streamClient.js"), [JSON.stringify({ address: server.address, mode: "stream", entity: ENTITY, limit })]);
      await stream(10);
      if (options.warm === true) await stream(0);
      await new Promise((r) => setTimeout(r, 1000));
      const serverIdle = server.rss();
      const exact = server.resetPeak();
      const sampler = new RssSampler(server.pid, 5);
      const { value } = await stream(rows === totalRows ? 0 : rows);
      sampler.stop();
      const got = value.outcomes[0]!;
      if (got.error !== undefined || got.rows !== rows) throw new Error(`memory run of ${rows} rows: ${got.error ?? `got ${got.rows} rows`}`);
      const serverPeak = exact ? server.peakRss() : sampler.peak;
      let naiveIdle = Number.NaN;
      let naivePeak = Number.NaN;
      if (options.naive === true) {
        const naive = await runNodeScript<{ idleRss: number; peakRss: number }>(join(perf, "nodeReader.js"), ["naive", url, VIEW, String(rows === totalRows ? 0 : rows)]);
        naiveIdle = naive.value.idleRss;
        naivePeak = naive.value.peakRss;
      }
      points.push({ rows, serverIdle, serverPeak, naiveIdle, naivePeak });
    } finally {
      await server.stop();
    }
  }
  return points;
}
