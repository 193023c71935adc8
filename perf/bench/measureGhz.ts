import { join } from "node:path";
import { repoRoot } from "../support/repoRoot.js";
import { runChild } from "../support/runChild.js";
import type { ServerProcess } from "../support/serverProcess.js";
import { ENTITY } from "./contenders.js";

export interface GhzResult {
  readonly name: string;
  readonly concurrency: number;
  readonly calls: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Status name → count, e.g. { OK: 5000 } or { Canceled: 20 } for streams ghz cancels itself. */
  readonly statuses: Readonly<Record<string, number>>;
  readonly serverCpuMsPerCall: number;
}

interface GhzJson {
  count: number;
  rps: number;
  statusCodeDistribution?: Record<string, number>;
  latencyDistribution: { percentage: number; latency: number }[] | null;
}

export interface GhzScenario {
  readonly name: string;
  readonly concurrency: number;
  readonly calls: number;
  readonly request: Record<string, unknown>;
  /** Cancel each stream after this many messages (ghz --stream-call-count). */
  readonly streamCallCount?: number;
  /** HTTP/2 connections ghz spreads its calls over (default 1); with workers, each is one worker's. */
  readonly connections?: number;
  /** Another method than StreamQuery, described by the server's reflection (the health check). */
  readonly call?: string;
}

/**
 * The machine's ceiling for any call: grpc.health.v1.Health/Check (no database, no stream) at the
 * same concurrency, same server, same run. ghz and the server share the cores with everything else.
 */
export const noopScenario = (small: GhzScenario): GhzScenario => ({ ...small, name: `${small.name}, Health/Check`, request: {}, call: "grpc.health.v1.Health/Check" });

/** Small queries, the issue-11 rate: `{"entity": …, "limit": 10}` at c=1, 10 and 50, beside pgbench at the same c. */
export const SMALL_QUERY_SCENARIOS: readonly GhzScenario[] = [
  { name: "limit 10, c=1", concurrency: 1, calls: 1000, request: { entity: ENTITY, limit: 10 } },
  { name: "limit 10, c=10", concurrency: 10, calls: 5000, request: { entity: ENTITY, limit: 10 } },
  { name: "limit 10, c=50", concurrency: 50, calls: 5000, request: { entity: ENTITY, limit: 10 } },
  { name: "limit 10, c=50, 10 connections", concurrency: 50, calls: 5000, request: { entity: ENTITY, limit: 10 }, connections: 10 },
];

/** The two ghz scenarios of the benchmark: many small filtered queries, and large streams cut off by ghz. */
export const GHZ_SCENARIOS: readonly GhzScenario[] = [
  { name: "filtered limit 10, c=50", concurrency: 50, calls: 5000, request: { entity: ENTITY, filter: 'status = "active" AND priority >= 4', limit: 10 } },
  { name: "full scan, cancelled after 100 messages (100K rows), c=4", concurrency: 4, calls: 16, request: { entity: ENTITY }, streamCallCount: 100 },
];

/** Runs one ghz scenario against the server, with the proto from the repository (no reflection needed). */
export async function measureGhz(ghz: string, server: ServerProcess, scenario: GhzScenario): Promise<GhzResult> {
  const proto = ["--proto", join(repoRoot(), "proto", "fraiseql", "wire", "v1", "query_service.proto"), "--import-paths", join(repoRoot(), "proto")];
  const args = [
    "--insecure",
    ...(scenario.call === undefined ? [...proto, "--call", "fraiseql.wire.v1.QueryService/StreamQuery"] : ["--call", scenario.call]),
    ...["-c", String(scenario.concurrency), "-n", String(scenario.calls), "--connections", String(scenario.connections ?? 1), "--count-errors", "-O", "json"],
    ...(scenario.streamCallCount === undefined ? [] : ["--stream-call-count", String(scenario.streamCallCount)]),
    ...["-d", JSON.stringify(scenario.request), server.address],
  ];
  const cpuBefore = server.cpuSeconds();
  const { value } = await runChild<GhzJson>(ghz, args, { timeoutMs: 300_000 });
  const at = (p: number): number => (value.latencyDistribution?.find((d) => d.percentage === p)?.latency ?? Number.NaN) / 1e6;
  return {
    name: scenario.name,
    concurrency: scenario.concurrency,
    calls: value.count,
    rps: value.rps,
    p50Ms: at(50),
    p99Ms: at(99),
    statuses: value.statusCodeDistribution ?? {},
    serverCpuMsPerCall: ((server.cpuSeconds() - cpuBefore) * 1000) / Math.max(1, value.count),
  };
}
