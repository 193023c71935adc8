import { createServer } from "node:net";
import { trace } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/log/createLogger.js";
import { dbTargetOf } from "../../src/telemetry/DbTarget.js";
import { hostAndPort } from "../../src/telemetry/hostAndPort.js";
import { metricReaders } from "../../src/telemetry/metricReaders.js";
import { startTelemetry } from "../../src/telemetry/startTelemetry.js";
import { NO_TELEMETRY } from "../../src/telemetry/Telemetry.js";
import { telemetrySignals } from "../../src/telemetry/telemetrySignals.js";

describe("telemetry configuration (standard OTEL_* variables)", () => {
  it("exports nothing and starts no SDK when nothing is set", async () => {
    const signals = telemetrySignals({}, undefined);
    expect(signals).toEqual({ traceExporters: [], metricExporters: [], scrape: undefined, problems: [] });
    expect(await startTelemetry(signals, {}, createLogger("silent"), "postgres://u@h/db")).toBe(NO_TELEMETRY);
    // No tracer provider was registered: spans stay non-recording no-ops.
    expect(trace.getTracer("t").startSpan("x").isRecording()).toBe(false);
  });

  it("turns each signal on by its own exporter variable", () => {
    expect(telemetrySignals({ OTEL_TRACES_EXPORTER: "otlp" }, undefined)).toMatchObject({ traceExporters: ["otlp"], metricExporters: [] });
    expect(telemetrySignals({ OTEL_METRICS_EXPORTER: "otlp,prometheus" }, undefined)).toMatchObject({ traceExporters: [], metricExporters: ["otlp", "prometheus"] });
    expect(telemetrySignals({}, { host: "0.0.0.0", port: 9464 })).toMatchObject({ traceExporters: [], metricExporters: [], scrape: { host: "0.0.0.0", port: 9464 } });
  });

  it("honours none and OTEL_SDK_DISABLED", () => {
    expect(telemetrySignals({ OTEL_TRACES_EXPORTER: "none", OTEL_METRICS_EXPORTER: "none" }, undefined)).toMatchObject({ traceExporters: [], metricExporters: [] });
    expect(telemetrySignals({ OTEL_SDK_DISABLED: "true", OTEL_TRACES_EXPORTER: "otlp" }, { host: "0.0.0.0", port: 9464 })).toEqual({
      traceExporters: [],
      metricExporters: [],
      scrape: undefined,
      problems: [],
    });
  });

  it("reports an exporter or protocol it does not know, as a start-up problem", () => {
    expect(telemetrySignals({ OTEL_TRACES_EXPORTER: "jaeger", OTEL_EXPORTER_OTLP_PROTOCOL: "http" }, undefined).problems).toEqual([
      'OTEL_TRACES_EXPORTER="jaeger": jaeger is not supported (use otlp, console, zipkin or none)',
      'OTEL_EXPORTER_OTLP_PROTOCOL="http" must be one of grpc, http/protobuf, http/json',
    ]);
  });
});

describe("the Prometheus endpoint", () => {
  it("fails the start-up, naming FRAISEQL_WIRE_METRICS_LISTEN, when its port is taken", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      await expect(metricReaders(telemetrySignals({}, { host: "127.0.0.1", port }), {})).rejects.toThrow(
        new RegExp(`^FRAISEQL_WIRE_METRICS_LISTEN=127\\.0\\.0\\.1:${port}: cannot serve /metrics there \\(.*EADDRINUSE`),
      );
    } finally {
      taken.close();
    }
  });
});

describe("telemetry helpers", () => {
  it("split gRPC authorities and peers into host and port", () => {
    expect(hostAndPort("127.0.0.1:50051")).toEqual({ host: "127.0.0.1", port: 50051 });
    expect(hostAndPort("ipv6:[::1]:443")).toEqual({ host: "::1", port: 443 });
    expect(hostAndPort("localhost")).toBeUndefined();
  });

  it("take only the host, port and database from DATABASE_URL, never the credentials", () => {
    const target = dbTargetOf("postgres://app:s3cret@db.internal:6543/orders?sslmode=require");
    expect(target).toEqual({ namespace: "orders", host: "db.internal", port: 6543 });
    expect(JSON.stringify(target)).not.toContain("s3cret");
    expect(dbTargetOf("postgresql://reader@[::1]/")).toEqual({ namespace: "reader", host: "::1", port: 5432 });
  });
});
