import { metrics, trace } from "@opentelemetry/api";
import { RuntimeNodeInstrumentation } from "@opentelemetry/instrumentation-runtime-node";
import { NodeSDK } from "@opentelemetry/sdk-node";
import type { Logger } from "pino";
import { ActiveCall } from "./ActiveCall.js";
import { createStreamHooks } from "./createStreamHooks.js";
import { metricReaders } from "./metricReaders.js";
import { routeDiagnostics } from "./routeDiagnostics.js";
import type { Telemetry } from "./Telemetry.js";
import type { TelemetrySignals } from "./telemetrySignals.js";
import { dbTargetOf } from "./DbTarget.js";
import { WireMetrics } from "./WireMetrics.js";

type Env = Readonly<Record<string, string | undefined>>;

const SCOPE = "fraiseql-wire";

/**
 * Starts the OpenTelemetry SDK for the signals that are configured (startTelemetry decides whether
 * any is). Traces: the SDK's own handling of OTEL_TRACES_EXPORTER, OTEL_EXPORTER_OTLP_* and
 * OTEL_TRACES_SAMPLER. Metrics: OTEL_METRICS_EXPORTER and FRAISEQL_WIRE_METRICS_LISTEN, with Node's
 * runtime metrics (event-loop delay, heap) from the maintained runtime instrumentation. Logs stay
 * pino lines on stdout. `OTEL_SERVICE_NAME` defaults to fraiseql-wire.
 */
export async function startSdk(signals: TelemetrySignals, env: Env, log: Logger, databaseUrl: string): Promise<Telemetry> {
  const tracing = signals.traceExporters.length > 0;
  if ((env["OTEL_LOG_LEVEL"] ?? "") === "") routeDiagnostics(log);
  const readers = await metricReaders(signals, env);
  const named = (env["OTEL_SERVICE_NAME"] ?? "").trim() !== "" || /(^|,)\s*service\.name\s*=/.test(env["OTEL_RESOURCE_ATTRIBUTES"] ?? "");
  const sdk = new NodeSDK({
    ...(named ? {} : { serviceName: SCOPE }),
    // No exporter named: no span processor, so the SDK does not fall back to its default (otlp).
    ...(tracing ? {} : { spanProcessors: [] }),
    metricReaders: readers,
    logRecordProcessors: [],
    instrumentations: readers.length === 0 ? [] : [new RuntimeNodeInstrumentation()],
  });
  sdk.start();

  const db = dbTargetOf(databaseUrl);
  const tracer = trace.getTracer(SCOPE);
  const wireMetrics = new WireMetrics(metrics.getMeter(SCOPE), `${db.host ?? "localhost"}:${db.port}/${db.namespace}`);
  const scrape =
    signals.scrape !== undefined ? [`prometheus http://${signals.scrape.host}:${signals.scrape.port}/metrics`] : signals.scrapedByPrimary === true ? ["prometheus (served by the primary)"] : [];
  return {
    exporting: { traces: signals.traceExporters, metrics: [...signals.metricExporters, ...scrape] },
    startCall: (start) => new ActiveCall(tracer, wireMetrics, start),
    streamHooks: createStreamHooks(tracer, wireMetrics, db),
    observePool: (read) => wireMetrics.observePool(read),
    shutdown: () => sdk.shutdown(),
  };
}
