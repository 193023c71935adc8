import { join } from "node:path";
import type { StreamJob, StreamReport } from "../StreamJob.js";
import { repoRoot } from "../support/repoRoot.js";
import { RssSampler, type RssSample } from "../support/RssSampler.js";
import { runNodeScript } from "../support/runChild.js";
import type { ServerProcess } from "../support/serverProcess.js";
import { linearSlope } from "../support/stats.js";
import { windowPeaks } from "../support/windowPeaks.js";
import { ENTITY } from "./runScenario.js";

export interface SoakResult {
  readonly seconds: number;
  readonly waves: number;
  readonly streams: number;
  readonly rows: number;
  readonly errors: readonly string[];
  /** Highest RSS in each window (the GC sawtooth's peaks), the series the slope is fitted to. */
  readonly windowPeaks: readonly RssSample[];
  /** Least-squares slope of the window peaks over the second half (bytes per second). */
  readonly slope: number;
  /** slope × length of the second half: how much the server grew while it should have been flat. */
  readonly projectedGrowth: number;
  readonly serverCpuSeconds: number;
}

/**
 * Waves of work until `seconds` have passed: each wave runs 4 complete 100K-row streams and, beside
 * them, 2 full scans that the client cancels after 20 messages (the cancel path must not leak
 * either). The server's RSS is sampled every second; the fit uses only the second half, after
 * the process has reached its working size.
 */
export async function runSoak(server: ServerProcess, seconds: number, log: (line: string) => void): Promise<SoakResult> {
  const script = join(repoRoot(), "dist", "perf", "streamClient.js");
  const base = { address: server.address, mode: "stream", entity: ENTITY, channelPerStream: true } as const;
  const complete: StreamJob = { ...base, streams: 4, limit: 100_000 };
  const cancelled: StreamJob = { ...base, streams: 2, cancelAfterMessages: 20 };
  const sampler = new RssSampler(server.pid, 1000, true);
  const cpuBefore = server.cpuSeconds();
  const started = performance.now();
  const elapsed = (): number => (performance.now() - started) / 1000;
  const errors: string[] = [];
  let waves = 0;
  let streams = 0;
  let rows = 0;
  // Bounded: a wave takes well over 0.1 s, so this cap is never the reason the loop stops.
  while (elapsed() < seconds && waves < seconds * 10) {
    const reports = await Promise.all([complete, cancelled].map((job) => runNodeScript<StreamReport>(script, [JSON.stringify(job)])));
    waves += 1;
    for (const [k, { value }] of reports.entries()) {
      for (const o of value.outcomes) {
        streams += 1;
        rows += o.rows;
        if (o.error !== undefined) errors.push(`wave ${waves}: ${o.error}`);
        else if (k === 0 && o.rows !== 100_000) errors.push(`wave ${waves}: ${o.rows} of 100000 rows`);
        else if (k === 1 && o.cancelled !== true) errors.push(`wave ${waves}: a stream meant to be cancelled ended otherwise`);
      }
    }
    if (waves % 20 === 0) log(`  soak: ${Math.round(elapsed())} s, ${waves} waves, RSS ${(sampler.samples.at(-1)!.rss / 2 ** 20).toFixed(1)} MiB`);
  }
  sampler.stop();
  const total = elapsed();
  const peaks = windowPeaks(sampler.samples, Math.max(5, total / 60));
  const secondHalf = peaks.filter((p) => p.t >= total / 2);
  const slope = linearSlope(secondHalf.map((p) => ({ x: p.t, y: p.rss })));
  return {
    seconds: total,
    waves,
    streams,
    rows,
    errors,
    windowPeaks: peaks,
    slope,
    projectedGrowth: slope * (total / 2),
    serverCpuSeconds: server.cpuSeconds() - cpuBefore,
  };
}
