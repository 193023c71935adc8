// Stream a large result and watch memory stay flat: the SDK reads only as fast as this loop runs,
// so HTTP/2 flow control holds the server back instead of buffering rows here.
// Run: make run (in another terminal), then
//   make build && FRAISEQL_WIRE_ADDRESS=127.0.0.1:50051 node dist/examples/streaming.js [entity]
import { WireClient } from "fraiseql-wire/client";

const entity = process.argv[2] ?? "projects";
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const memory = (): string => `heap ${mb(process.memoryUsage().heapUsed)}, rss ${mb(process.memoryUsage().rss)}`;

const client = new WireClient(process.env["FRAISEQL_WIRE_ADDRESS"] ?? "127.0.0.1:50051");
try {
  console.log(`before: ${memory()}`);
  const started = performance.now();
  let rows = 0;
  let bytes = 0;
  let peakHeap = 0;
  // raw() skips JSON.parse: the cheapest way to count, copy or forward rows.
  for await (const text of client.query(entity).raw()) {
    rows++;
    bytes += Buffer.byteLength(text);
    if (rows % 10_000 === 0) {
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
      console.log(`${rows} rows, ${mb(bytes)} received, ${memory()}`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  console.log(`done: ${rows} rows, ${mb(bytes)} in ${seconds.toFixed(2)} s (${Math.round(rows / seconds)} rows/s)`);
  console.log(`after: ${memory()}; peak heap ${mb(peakHeap)}, independent of the result size`);
} finally {
  client.close();
}
