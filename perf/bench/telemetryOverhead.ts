import { freePort } from "../support/freePort.js";
import { median } from "../support/stats.js";
import type { ContenderResult } from "./Contender.js";
import type { GhzResult } from "./measureGhz.js";

/** What the telemetry-on server measured against the same build with nothing configured. */
export interface TelemetryOverhead {
  readonly settings: string;
  /** Per round: rows/s of the whole-view stream with telemetry on ÷ off (default chunks). */
  readonly streamRatios: readonly number[];
  /** ghz filtered limit 10 at c=50: off, on, off again (bracketing the on run). */
  readonly ghz: { readonly off: readonly GhzResult[]; readonly on: GhzResult } | { readonly skipped: string };
  /** OTLP export requests the server sent during the run, by path. */
  readonly exported: Readonly<Record<string, { requests: number; bytes: number }>>;
}

export const TELEMETRY_LABEL = "telemetry on";

/** The environment of the telemetry-on server: traces (always_on) and metrics over OTLP, and a Prometheus endpoint. */
export async function telemetryEnv(endpoint: string): Promise<{ env: Record<string, string>; settings: string }> {
  const env = {
    OTEL_TRACES_EXPORTER: "otlp",
    OTEL_METRICS_EXPORTER: "otlp",
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    OTEL_TRACES_SAMPLER: "always_on",
    OTEL_METRIC_EXPORT_INTERVAL: "10000",
    FRAISEQL_WIRE_METRICS_LISTEN: `127.0.0.1:${await freePort()}`,
  };
  return { env, settings: "traces always_on + metrics, both OTLP/HTTP protobuf (batch span processor defaults), metrics pushed every 10 s, plus the Prometheus endpoint" };
}

/** Rows/s on ÷ off of the whole-view stream, round by round (both ran in every round). */
export function streamRatios(throughput: readonly ContenderResult[]): number[] {
  const on = throughput.find((c) => c.name.includes(TELEMETRY_LABEL));
  const off = throughput.find((c) => c.kind === "service" && c.name.includes("default") && !c.name.includes(TELEMETRY_LABEL));
  if (on === undefined || off === undefined) return [];
  return on.runs.map((run, i) => off.runs[i]!.seconds / run.seconds);
}

/** The ghz ratio: calls/s on ÷ the mean of the two off runs around it. */
export function ghzRatio(t: TelemetryOverhead): number | undefined {
  if ("skipped" in t.ghz) return undefined;
  const off = t.ghz.off.map((g) => g.rps);
  return t.ghz.on.rps / (off.reduce((a, b) => a + b, 0) / off.length);
}

export function streamRatio(t: TelemetryOverhead): number {
  return median([...t.streamRatios]);
}
