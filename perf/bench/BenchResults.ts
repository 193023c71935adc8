import type { PgbenchResult } from "./measurePgbench.js";
import type { ConcurrencyResult } from "./measureConcurrency.js";
import type { MachineInfo } from "../support/machineInfo.js";
import type { ContenderResult } from "./Contender.js";
import type { GhzResult } from "./measureGhz.js";
import type { LatencyResult } from "./measureLatency.js";
import type { MemoryPoint } from "./measureMemory.js";
import type { TelemetryOverhead } from "./telemetryOverhead.js";

/** Everything one `make bench` run measured; written to perf/results/latest.json as is. */
export interface BenchResults {
  readonly date: string;
  readonly machine: MachineInfo;
  /** `psql --version` of the client used for the \copy baseline. */
  readonly psql: string;
  readonly rows: number;
  /** JSON bytes of all rows (as the service counts them). */
  readonly bytes: number;
  readonly rounds: number;
  readonly throughput: readonly ContenderResult[];
  /** Fresh server per size, default settings, next to the naive reader. */
  readonly memory: readonly MemoryPoint[];
  /** Fresh server per size that has streamed the whole view once before: its working size reached. */
  readonly memoryWarm: readonly MemoryPoint[];
  /** Fresh server per size with the memory levers of TUNED (see BENCHMARKS.md). */
  readonly memoryTuned: readonly MemoryPoint[];
  readonly latency: LatencyResult;
  readonly ghz: readonly GhzResult[] | { readonly skipped: string };
  /** The same build with OpenTelemetry on, against nothing configured (absent from runs before issue 13). */
  readonly telemetry?: TelemetryOverhead;
  /** ghz limit 10 at c=1/10/50 with pgbench's limit-10 tps at the same concurrency, same run (issue 11). */
  /** noop: the health check at the same concurrency (absent from runs before it was measured). */
  readonly smallQueries?: readonly { readonly ghz: GhzResult; readonly pgbench: PgbenchResult; readonly noop?: GhzResult }[];
  /** 1, 4 and 10 concurrent streams against as many concurrent psql \copy (issue 11). */
  readonly concurrency?: readonly ConcurrencyResult[];
  /** FRAISEQL_WIRE_WORKERS of the server measured (auto resolved). */
  readonly workers?: number;
}

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}
