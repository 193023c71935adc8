import { join } from "node:path";
import type { StreamJob, StreamReport } from "../StreamJob.js";
import { psqlCopySeconds } from "../support/psqlCopy.js";
import { repoRoot } from "../support/repoRoot.js";
import { runNodeScript } from "../support/runChild.js";
import type { ServerProcess } from "../support/serverProcess.js";
import type { Contender, RunResult } from "./Contender.js";
import { TELEMETRY_LABEL } from "./telemetryOverhead.js";

export const VIEW = "test_staging.v_projects";
export const ENTITY = "test_staging.projects";
const perfDir = (): string => join(repoRoot(), "dist", "perf");

/** The service at one chunk setting: one StreamQuery over the whole view, client in its own process. */
export async function serviceRun(server: ServerProcess, job: Partial<StreamJob>): Promise<RunResult> {
  const full: StreamJob = { address: server.address, mode: "stream", entity: ENTITY, ...job };
  const cpuBefore = server.cpuSeconds();
  const { value } = await runNodeScript<StreamReport>(join(perfDir(), "streamClient.js"), [JSON.stringify(full)]);
  const outcome = value.outcomes[0]!;
  if (outcome.error !== undefined) throw new Error(`service stream failed: ${outcome.error}`);
  return {
    rows: outcome.rows,
    seconds: outcome.seconds,
    bytes: outcome.bytes,
    serverCpuSeconds: server.cpuSeconds() - cpuBefore,
    clientCpuSeconds: value.clientCpuSeconds,
    firstMessageMs: outcome.firstMessageMs,
  };
}

/** The memory levers measured beside the defaults (see BENCHMARKS.md, "What we tried"). */
export const TUNED = {
  label: "FETCH_BYTES=512 KiB + node --max-semi-space-size=1",
  env: { FRAISEQL_WIRE_FETCH_BYTES: "524288" },
  nodeArgs: ["--max-semi-space-size=1"],
} as const;

/** Chunk settings the end-to-end rows compare (chunk_rows / chunk_bytes of the request). */
export const CHUNKINGS: readonly { readonly label: string; readonly chunkRows?: number; readonly chunkBytes?: number }[] = [
  { label: "chunk_rows 100", chunkRows: 100 },
  { label: "default (1000 rows, 1 MiB)" },
  { label: "chunk_rows 10000 (≤ 1 MiB)", chunkRows: 10_000 },
  { label: "chunk_bytes 4 MB (≤ 100000 rows)", chunkRows: 100_000, chunkBytes: 4_000_000 },
];

/**
 * Everything the throughput table compares, in the order each round runs them. `connectSeconds` is
 * psql's own start-up and connection time (measured with `select 1`), taken off its \copy time so
 * that every contender is timed from its first query.
 */
export function contenders(url: string, server: ServerProcess, tuned: ServerProcess, rows: number, connectSeconds: () => number, traced?: ServerProcess): Contender[] {
  const reader = (kind: string, batch: number) => async (): Promise<RunResult> => {
    const { value } = await runNodeScript<{ rows: number; chars: number; seconds: number }>(join(perfDir(), "nodeReader.js"), [kind, url, VIEW, "0", String(batch)]);
    return { rows: value.rows, seconds: value.seconds };
  };
  return [
    {
      name: "psql \\copy (the limit)",
      kind: "limit",
      run: async () => ({ rows, seconds: Math.max(0.001, (await psqlCopySeconds(url, VIEW)) - connectSeconds()) }),
    },
    // What a keyed entity costs PostgreSQL itself: the service streams it ordered by id (exact resume),
    // and with random keys (UUIDv4, as staged here) that order is an index scan in random heap order.
    {
      name: "psql \\copy … order by id (the service's order for a keyed entity)",
      kind: "reader",
      run: async () => ({ rows, seconds: Math.max(0.001, (await psqlCopySeconds(url, VIEW, "id")) - connectSeconds()) }),
    },
    { name: "postgres.js .cursor(1000), in process", kind: "reader", run: reader("postgres-cursor", 1000) },
    { name: "pg + pg-query-stream (batch 1000), in process", kind: "reader", run: reader("pg-query-stream", 1000) },
    ...CHUNKINGS.map((c): Contender => ({
      name: `service, ${c.label}`,
      kind: "service",
      run: () => serviceRun(server, { ...(c.chunkRows === undefined ? {} : { chunkRows: c.chunkRows }), ...(c.chunkBytes === undefined ? {} : { chunkBytes: c.chunkBytes }) }),
    })),
    { name: `service, default chunks, ${TUNED.label}`, kind: "service", run: () => serviceRun(tuned, {}) },
    // The same build with OpenTelemetry on (perf/bench/telemetryOverhead.ts): its ratio to the default row is the overhead.
    ...(traced === undefined ? [] : [{ name: `service, default chunks, ${TELEMETRY_LABEL}`, kind: "service" as const, run: () => serviceRun(traced, {}) }]),
  ];
}
