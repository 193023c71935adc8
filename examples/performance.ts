// Chunk sizing and iteration style, measured. Each line streams the same rows and prints:
//   messages  how many gRPC messages carried them (fewer, bigger messages: less per-message cost)
//   ttfr      the server's time to first row (small first messages reach you sooner)
//   rows/s    end-to-end throughput seen by this process, including its own parsing
// Run: make run (in another terminal), then
//   make build && FRAISEQL_WIRE_ADDRESS=127.0.0.1:50051 node dist/examples/performance.js [entity]
import { WireClient, type Query } from "fraiseql-wire/client";

const entity = process.argv[2] ?? "projects";
const client = new WireClient(process.env["FRAISEQL_WIRE_ADDRESS"] ?? "127.0.0.1:50051");

async function measure(label: string, query: Query, style: "rows" | "raw" | "chunks"): Promise<void> {
  const started = performance.now();
  let rows = 0;
  let messages = 0;
  let ttfrMs = 0;
  if (style === "chunks") {
    for await (const chunk of query.chunks()) {
      rows += chunk.rows.length;
      messages++;
      if (chunk.stats) ttfrMs = chunk.stats.timeToFirstRowMicros / 1000;
    }
  } else {
    for await (const _ of style === "raw" ? query.raw() : query) rows++;
  }
  const seconds = (performance.now() - started) / 1000;
  const detail = style === "chunks" ? `${messages} messages, ttfr ${ttfrMs.toFixed(1)} ms` : `${style}`;
  console.log(`${label.padEnd(34)} ${String(rows).padStart(8)} rows  ${Math.round(rows / seconds).toString().padStart(8)} rows/s  ${detail}`);
}

try {
  const base = client.query(entity);
  // Chunk sizing: rows per message. 1 row per message pays gRPC's per-message cost on every row.
  await measure("chunkRows(1)", base.chunkRows(1).limit(2000), "chunks");
  await measure("chunkRows(100)", base.chunkRows(100), "chunks");
  await measure("server default (1000 rows, 1 MiB)", base, "chunks");
  await measure("chunkBytes(64 KiB)", base.chunkBytes(64 * 1024), "chunks");
  // Iteration style on the same stream: parsing every row is the client's main cost.
  await measure("for await (parsed rows)", base, "rows");
  await measure("raw() (JSON text, no parse)", base, "raw");
  console.log("chunkRows(1) is limited to 2000 rows: it is the slow case, shown only for scale.");
} finally {
  client.close();
}
