import { createServer } from "node:http";
import { freePort } from "./freePort.js";

export interface OtlpSink {
  /** OTEL_EXPORTER_OTLP_ENDPOINT for OTLP/HTTP. */
  readonly endpoint: string;
  /** Export requests received and their bytes, by path (/v1/traces, /v1/metrics). */
  received(): Readonly<Record<string, { requests: number; bytes: number }>>;
  stop(): Promise<void>;
}

/**
 * An OTLP/HTTP endpoint that accepts every export and keeps nothing but counts: what the benchmark's
 * telemetry goes to, so that the server pays the full cost of exporting (serialising, sending)
 * while the receiving side costs next to nothing on the shared cores.
 */
export async function startOtlpSink(): Promise<OtlpSink> {
  const port = await freePort();
  const counts: Record<string, { requests: number; bytes: number }> = {};
  const server = createServer((req, res) => {
    const entry = (counts[req.url ?? "/"] ??= { requests: 0, bytes: 0 });
    entry.requests += 1;
    req.on("data", (chunk: Buffer) => (entry.bytes += chunk.length));
    // An empty Export*ServiceResponse: full success.
    req.on("end", () => res.writeHead(200, { "content-type": "application/x-protobuf" }).end());
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    received: () => counts,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
