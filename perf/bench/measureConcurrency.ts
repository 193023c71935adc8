import { join } from "node:path";
import type { StreamReport } from "../StreamJob.js";
import { repoRoot } from "../support/repoRoot.js";
import { runChild, runNodeScript } from "../support/runChild.js";
import type { ServerProcess } from "../support/serverProcess.js";
import { median } from "../support/stats.js";
import { PSQL } from "../support/stageProjects.js";
import { ENTITY, VIEW } from "./contenders.js";

export interface ConcurrencyResult {
  readonly streams: number;
  readonly rowsPerStream: number;
  /** Median wall seconds, first call start to last call end. */
  readonly serviceSeconds: number;
  readonly psqlSeconds: number;
  /** psql / service: above 1 the service is faster. */
  readonly ratio: number;
  readonly serverCpuSeconds: number;
  readonly clientCpuSeconds: number;
}

/**
 * `n` concurrent streams of rows/n rows each (1M in all), every one on its own HTTP/2 connection, from
 * one client process; against `n` concurrent `psql \copy` of the same query (a limit orders a keyed
 * view by id, so psql's query does too). Interleaved rounds, medians. `VIEW` is a perf constant.
 */
export async function measureConcurrency(url: string, server: ServerProcess, rows: number, counts: readonly number[], rounds: number, log: (line: string) => void): Promise<ConcurrencyResult[]> {
  const client = join(repoRoot(), "dist", "perf", "streamClient.js");
  const results: ConcurrencyResult[] = [];
  for (const n of counts) {
    const limit = Math.floor(rows / n);
    const service: number[] = [];
    const psql: number[] = [];
    let serverCpu = 0;
    let clientCpu = 0;
    for (let r = 0; r < rounds; r++) {
      const runService = async (): Promise<void> => {
        const before = server.cpuSeconds();
        const { value } = await runNodeScript<StreamReport>(client, [JSON.stringify({ address: server.address, mode: "stream", entity: ENTITY, limit, streams: n, channelPerStream: true })]);
        const failed = value.outcomes.find((o) => o.error !== undefined || o.rows !== limit);
        if (failed !== undefined) throw new Error(`${n} concurrent streams: ${failed.error ?? `got ${failed.rows} rows`}`);
        service.push(value.wallSeconds);
        serverCpu += server.cpuSeconds() - before;
        clientCpu += value.clientCpuSeconds;
      };
      const runPsql = async (): Promise<void> => {
        const started = performance.now();
        const copy = `\\copy (select data from ${VIEW} order by id limit ${limit}) to /dev/null`;
        await Promise.all(Array.from({ length: n }, () => runChild<string>(PSQL, [url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", copy], { json: false })));
        psql.push((performance.now() - started) / 1000);
      };
      if (r % 2 === 0) {
        await runService();
        await runPsql();
      } else {
        await runPsql();
        await runService();
      }
    }
    const result: ConcurrencyResult = {
      streams: n,
      rowsPerStream: limit,
      serviceSeconds: median(service),
      psqlSeconds: median(psql),
      ratio: median(psql) / median(service),
      serverCpuSeconds: serverCpu / rounds,
      clientCpuSeconds: clientCpu / rounds,
    };
    log(`bench: ${n} concurrent: service ${result.serviceSeconds.toFixed(2)} s, psql ${result.psqlSeconds.toFixed(2)} s, ${result.ratio.toFixed(2)}×`);
    results.push(result);
  }
  return results;
}
