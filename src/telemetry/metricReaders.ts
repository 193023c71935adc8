import { OTLPMetricExporter as GrpcMetricExporter } from "@opentelemetry/exporter-metrics-otlp-grpc";
import { OTLPMetricExporter as JsonMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPMetricExporter as ProtoMetricExporter } from "@opentelemetry/exporter-metrics-otlp-proto";
import { PrometheusExporter } from "@opentelemetry/exporter-prometheus";
import { ConsoleMetricExporter, PeriodicExportingMetricReader, type MetricReader, type PushMetricExporter } from "@opentelemetry/sdk-metrics";
import { answerScrapes } from "./answerScrapes.js";
import type { TelemetrySignals } from "./telemetrySignals.js";

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The metric readers for OTEL_METRICS_EXPORTER, as the SDK itself would build them (push interval
 * OTEL_METRIC_EXPORT_INTERVAL, default 60 s), plus the scrape endpoint of FRAISEQL_WIRE_METRICS_LISTEN.
 * Built here because the SDK ignores the variable as soon as a reader is passed to it. The scrape
 * endpoint is bound before this returns, so a port in use fails the start-up instead of a log line.
 * In a worker of a multi-worker server, the primary serves that endpoint and asks the worker.
 */
export async function metricReaders(signals: TelemetrySignals, env: Env): Promise<MetricReader[]> {
  const readers: MetricReader[] = [];
  const interval = Number(env["OTEL_METRIC_EXPORT_INTERVAL"] ?? "") || 60_000;
  const timeout = Math.min(interval, Number(env["OTEL_METRIC_EXPORT_TIMEOUT"] ?? "") || 30_000);
  const pushed = (exporter: PushMetricExporter): MetricReader =>
    new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: interval, exportTimeoutMillis: timeout });
  for (const name of signals.metricExporters) {
    if (name === "otlp") readers.push(pushed(otlpExporter(env)));
    else if (name === "console") readers.push(pushed(new ConsoleMetricExporter()));
    else if (name === "prometheus") readers.push(await started(new PrometheusExporter({ preventServerStart: true })));
  }
  if (signals.scrape !== undefined) {
    const { host, port } = signals.scrape;
    try {
      readers.push(await started(new PrometheusExporter({ host, port, preventServerStart: true })));
    } catch (error) {
      throw new Error(`FRAISEQL_WIRE_METRICS_LISTEN=${host}:${port}: cannot serve /metrics there (${error instanceof Error ? error.message : String(error)})`, { cause: error });
    }
  }
  if (signals.scrapedByPrimary === true) {
    const reader = new PrometheusExporter({ preventServerStart: true });
    answerScrapes(reader);
    readers.push(reader);
  }
  return readers;
}

function otlpExporter(env: Env): PushMetricExporter {
  const protocol = (env["OTEL_EXPORTER_OTLP_METRICS_PROTOCOL"] ?? env["OTEL_EXPORTER_OTLP_PROTOCOL"] ?? "").trim() || "http/protobuf";
  if (protocol === "grpc") return new GrpcMetricExporter();
  if (protocol === "http/json") return new JsonMetricExporter();
  return new ProtoMetricExporter();
}

async function started(exporter: PrometheusExporter): Promise<PrometheusExporter> {
  await exporter.startServer();
  return exporter;
}
