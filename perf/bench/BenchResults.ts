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
}

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}
