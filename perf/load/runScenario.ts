import { join } from "node:path";
import type { StreamJob, StreamReport } from "../StreamJob.js";
import { repoRoot } from "../support/repoRoot.js";
import { RssSampler } from "../support/RssSampler.js";
import { runNodeScript } from "../support/runChild.js";
import type { ServerProcess } from "../support/serverProcess.js";
import { percentile } from "../support/stats.js";
import type { ScenarioResult } from "./ScenarioResult.js";

export const ENTITY = "test_staging.projects";

export interface Scenario {
  readonly name: string;
  readonly streams: number;
  /** Rows per stream; 0 = the whole view (a plain scan, no `order by`). */
  readonly rows: number;
  readonly expectedRows: number;
  readonly chunkRows?: number;
  readonly chunkBytes?: number;
}

/**
 * `streams` concurrent StreamQuery calls from one client process (one HTTP/2 connection each, like
 * independent clients), against a running server whose peak RSS is reset first and whose CPU
 * (utime + stime) is read around the run. Any stream error or short stream is recorded, not thrown.
 */
export async function runScenario(server: ServerProcess, scenario: Scenario): Promise<ScenarioResult> {
  const job: StreamJob = {
    address: server.address,
    mode: "stream",
    entity: ENTITY,
    streams: scenario.streams,
    channelPerStream: true,
    limit: scenario.rows,
    ...(scenario.chunkRows === undefined ? {} : { chunkRows: scenario.chunkRows }),
    ...(scenario.chunkBytes === undefined ? {} : { chunkBytes: scenario.chunkBytes }),
  };
  const serverIdleRss = server.rss();
  const exact = server.resetPeak();
  const sampler = new RssSampler(server.pid, 10);
  const cpuBefore = server.cpuSeconds();
  const { value } = await runNodeScript<StreamReport>(join(repoRoot(), "dist", "perf", "streamClient.js"), [JSON.stringify(job)]);
  const serverCpuSeconds = server.cpuSeconds() - cpuBefore;
  sampler.stop();
  const outcomes = value.outcomes;
  const errors = outcomes.flatMap((o, i) =>
    o.error !== undefined ? [`stream ${i}: ${o.error}`] : o.rows !== scenario.expectedRows ? [`stream ${i}: ${o.rows} of ${scenario.expectedRows} rows`] : [],
  );
  const rates = outcomes.map((o) => o.rows / o.seconds);
  const rows = outcomes.reduce((sum, o) => sum + o.rows, 0);
  return {
    name: scenario.name,
    streams: scenario.streams,
    rowsPerStream: scenario.expectedRows,
    wallSeconds: value.wallSeconds,
    rows,
    bytes: outcomes.reduce((sum, o) => sum + o.bytes, 0),
    streamRowsPerSecond: { min: Math.min(...rates), max: Math.max(...rates) },
    firstMessageMs: { p50: percentile(outcomes.map((o) => o.firstMessageMs), 50), max: Math.max(...outcomes.map((o) => o.firstMessageMs)) },
    serverFirstRowMs: { p50: percentile(outcomes.map((o) => o.serverFirstRowMs), 50), max: Math.max(...outcomes.map((o) => o.serverFirstRowMs)) },
    serverPeakRss: exact ? server.peakRss() : sampler.peak,
    serverIdleRss,
    serverCpuSeconds,
    errors,
  };
}
