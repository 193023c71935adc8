type Env = Readonly<Record<string, string | undefined>>;

/** What the process exports, decided once at start-up from the environment. */
export interface TelemetrySignals {
  /** OTEL_TRACES_EXPORTER's exporters; empty: no tracing at all. */
  readonly traceExporters: readonly string[];
  /** OTEL_METRICS_EXPORTER's exporters (pushed, or `prometheus` on OTEL_EXPORTER_PROMETHEUS_*). */
  readonly metricExporters: readonly string[];
  /** FRAISEQL_WIRE_METRICS_LISTEN: the project's own Prometheus scrape endpoint. */
  readonly scrape: { readonly host: string; readonly port: number } | undefined;
  /**
   * A worker of a multi-worker server with FRAISEQL_WIRE_METRICS_LISTEN set: the primary serves the
   * endpoint and asks this process for its metrics (workerScrape.ts); `scrape` is then undefined.
   */
  readonly scrapedByPrimary?: boolean;
  /** What is wrong with the variables, to be reported at start-up like a bad setting. */
  readonly problems: readonly string[];
}

const TRACE_EXPORTERS = ["otlp", "console", "zipkin"];
const METRIC_EXPORTERS = ["otlp", "console", "prometheus"];
const PROTOCOLS = ["grpc", "http/protobuf", "http/json"];

/**
 * The standard OTEL_* variables, with one deliberate difference from the SDK's defaults: a signal
 * whose exporter variable is unset is off (the SDK would default to `otlp` and retry a collector
 * that is not there). So with nothing set nothing is exported and no SDK is even started.
 * OTEL_SDK_DISABLED=true turns everything off, the scrape endpoint too.
 */
export function telemetrySignals(env: Env, scrape: TelemetrySignals["scrape"]): TelemetrySignals {
  if ((env["OTEL_SDK_DISABLED"] ?? "").trim().toLowerCase() === "true") return { traceExporters: [], metricExporters: [], scrape: undefined, problems: [] };
  const problems: string[] = [];
  const exporters = (name: string, known: readonly string[]): string[] => {
    const items = [...new Set((env[name] ?? "").split(",").map((s) => s.trim()).filter((s) => s !== ""))];
    const unknown = items.filter((s) => s !== "none" && !known.includes(s));
    if (unknown.length > 0) problems.push(`${name}=${JSON.stringify(env[name])}: ${unknown.join(", ")} is not supported (use ${known.join(", ")} or none)`);
    return items.includes("none") ? [] : items.filter((s) => known.includes(s));
  };
  const traceExporters = exporters("OTEL_TRACES_EXPORTER", TRACE_EXPORTERS);
  const metricExporters = exporters("OTEL_METRICS_EXPORTER", METRIC_EXPORTERS);
  for (const name of ["OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL"]) {
    const value = env[name]?.trim();
    if (value !== undefined && value !== "" && !PROTOCOLS.includes(value)) problems.push(`${name}=${JSON.stringify(value)} must be one of ${PROTOCOLS.join(", ")}`);
  }
  return { traceExporters, metricExporters, scrape, problems };
}
