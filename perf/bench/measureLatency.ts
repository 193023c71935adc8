import { join } from "node:path";
import type { StreamReport } from "../StreamJob.js";
import { repoRoot } from "../support/repoRoot.js";
import { runNodeScript } from "../support/runChild.js";
import type { ServerProcess } from "../support/serverProcess.js";
import { percentile } from "../support/stats.js";
import { ENTITY } from "./contenders.js";

export interface LatencyResult {
  readonly calls: number;
  readonly clientFirstMessageMs: { readonly p50: number; readonly p99: number };
  readonly serverFirstRowMs: { readonly p50: number; readonly p99: number };
}

/**
 * Time to first row of a `limit 10` query from a warm client: `calls` sequential calls after
 * `warmup` untimed ones, reported both as the server's stats.time_to_first_row_micros (request
 * received → first chunk ready) and as the client's call start → first message.
 */
export async function measureLatency(server: ServerProcess, calls: number, warmup: number): Promise<LatencyResult> {
  const job = { address: server.address, mode: "latency", entity: ENTITY, limit: 10, calls, warmup };
  const { value } = await runNodeScript<StreamReport>(join(repoRoot(), "dist", "perf", "streamClient.js"), [JSON.stringify(job)]);
  const failed = value.outcomes.find((o) => o.error !== undefined || o.rows !== 10);
  if (failed !== undefined) throw new Error(`limit-10 call failed: ${failed.error ?? `${failed.rows} rows`}`);
  const client = value.outcomes.map((o) => o.firstMessageMs);
  const serverSide = value.outcomes.map((o) => o.serverFirstRowMs);
  return {
    calls,
    clientFirstMessageMs: { p50: percentile(client, 50), p99: percentile(client, 99) },
    serverFirstRowMs: { p50: percentile(serverSide, 50), p99: percentile(serverSide, 99) },
  };
}
