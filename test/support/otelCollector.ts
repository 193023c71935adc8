import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../perf/support/freePort.js";
import { findTool, TOOLS_DIR } from "./findTool.js";

/** A span as the collector's file exporter wrote it (OTLP JSON), with attributes flattened. */
export interface ExportedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client. */
  readonly kind: number;
  readonly startNanos: bigint;
  readonly endNanos: bigint;
  readonly attributes: Readonly<Record<string, string | number | boolean>>;
  readonly events: ReadonlyArray<{ readonly name: string; readonly attributes: Readonly<Record<string, string | number | boolean>> }>;
  /** OTLP StatusCode: 0 unset, 1 ok, 2 error. */
  readonly status: { readonly code: number; readonly message: string };
  readonly resource: Readonly<Record<string, string | number | boolean>>;
}

/** A metric data point as exported over OTLP (name and attributes only: what the tests look at). */
export interface ExportedPoint {
  readonly metric: string;
  readonly attributes: Readonly<Record<string, string | number | boolean>>;
  readonly value: number;
}

export interface Collector {
  /** OTEL_EXPORTER_OTLP_ENDPOINT for OTLP/HTTP. */
  readonly endpoint: string;
  spans(): ExportedSpan[];
  points(): ExportedPoint[];
  /** Polls until `found` returns something other than undefined (or fails after `ms`). */
  waitFor<T>(found: () => T | undefined, ms?: number): Promise<T>;
  stop(): Promise<void>;
}

/** The collector scripts/install-tools.sh builds (OTLP receiver, file exporter), if installed. */
export function findCollector(): string | undefined {
  return findTool("otelcol-wire", join(TOOLS_DIR, "bin", "otelcol-wire"));
}

/**
 * The real OpenTelemetry Collector, receiving OTLP/HTTP on a free port and writing what it gets to
 * JSON-lines files (its file exporter) that the test reads back.
 */
export async function startCollector(binary: string): Promise<Collector> {
  const dir = mkdtempSync(join(tmpdir(), "fraiseql-otelcol-"));
  const port = await freePort();
  const config = join(dir, "config.yaml");
  writeFileSync(
    config,
    `receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:${port}
exporters:
  file/traces:
    path: ${join(dir, "traces.jsonl")}
    flush_interval: 50ms
  file/metrics:
    path: ${join(dir, "metrics.jsonl")}
    flush_interval: 50ms
service:
  telemetry:
    metrics:
      level: none
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [file/traces]
    metrics:
      receivers: [otlp]
      exporters: [file/metrics]
`,
  );
  const child = spawn(binary, ["--config", `file:${config}`], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  child.stderr!.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 20_000;
  while (!output.includes("Everything is ready")) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the collector did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const lines = (file: string): unknown[] =>
    existsSync(join(dir, file))
      ? readFileSync(join(dir, file), "utf8")
          .split("\n")
          .filter((l) => l.trim() !== "")
          .map((l) => JSON.parse(l) as unknown)
      : [];
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans: () => lines("traces.jsonl").flatMap((batch) => spansOf(batch as TracesData)),
    points: () => lines("metrics.jsonl").flatMap((batch) => pointsOf(batch as MetricsData)),
    async waitFor<T>(found: () => T | undefined, ms = 15_000): Promise<T> {
      const until = Date.now() + ms;
      for (;;) {
        const result = found();
        if (result !== undefined) return result;
        if (Date.now() > until) throw new Error(`not exported within ${ms} ms; collector log:\n${output.slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      child.kill("SIGTERM");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// OTLP JSON (protojson of opentelemetry.proto.collector.*.v1), the parts read here.
interface AnyValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
}
interface KeyValue {
  key: string;
  value: AnyValue;
}
interface TracesData {
  resourceSpans: Array<{
    resource?: { attributes?: KeyValue[] };
    scopeSpans: Array<{
      spans: Array<{
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind?: number;
        startTimeUnixNano: string;
        endTimeUnixNano: string;
        attributes?: KeyValue[];
        events?: Array<{ name: string; attributes?: KeyValue[] }>;
        status?: { code?: number; message?: string };
      }>;
    }>;
  }>;
}
interface NumberPoint {
  attributes?: KeyValue[];
  asInt?: string;
  asDouble?: number;
  count?: string;
}
interface MetricsData {
  resourceMetrics: Array<{
    scopeMetrics: Array<{
      metrics: Array<{ name: string; sum?: { dataPoints: NumberPoint[] }; gauge?: { dataPoints: NumberPoint[] }; histogram?: { dataPoints: NumberPoint[] } }>;
    }>;
  }>;
}

function flat(attributes: KeyValue[] | undefined): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const { key, value } of attributes ?? []) {
    out[key] = value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : (value.doubleValue ?? value.boolValue ?? ""));
  }
  return out;
}

function spansOf(batch: TracesData): ExportedSpan[] {
  return batch.resourceSpans.flatMap((rs) =>
    rs.scopeSpans.flatMap((ss) =>
      ss.spans.map((s) => ({
        traceId: s.traceId,
        spanId: s.spanId,
        parentSpanId: s.parentSpanId ?? "",
        name: s.name,
        kind: s.kind ?? 0,
        startNanos: BigInt(s.startTimeUnixNano),
        endNanos: BigInt(s.endTimeUnixNano),
        attributes: flat(s.attributes),
        events: (s.events ?? []).map((e) => ({ name: e.name, attributes: flat(e.attributes) })),
        status: { code: s.status?.code ?? 0, message: s.status?.message ?? "" },
        resource: flat(rs.resource?.attributes),
      })),
    ),
  );
}

function pointsOf(batch: MetricsData): ExportedPoint[] {
  return batch.resourceMetrics.flatMap((rm) =>
    rm.scopeMetrics.flatMap((sm) =>
      sm.metrics.flatMap((m) =>
        (m.sum ?? m.gauge ?? m.histogram)?.dataPoints.map((p) => ({
          metric: m.name,
          attributes: flat(p.attributes),
          value: p.asDouble ?? Number(p.asInt ?? p.count ?? 0),
        })) ?? [],
      ),
    ),
  );
}
