// Retriable errors are retried for you; permanent ones reach you at once. Branch on error.retriable
// and error.reason (stable), never on the message. To make a real retriable error, this example
// fills the server's connection pool with streams it does not read, so the next query gets
// TOO_MANY_STREAMS.
// Run: make run (in another terminal), then
//   make build && FRAISEQL_WIRE_ADDRESS=127.0.0.1:50051 node dist/examples/error_handling.js [entity]
import { WireClient, WireClientError } from "fraiseql-wire/client";

const entity = process.argv[2] ?? "projects"; // large enough that an unread stream stays open
const client = new WireClient(process.env["FRAISEQL_WIRE_ADDRESS"] ?? "127.0.0.1:50051");

// Hold streams open, one message read each, until the server refuses one: its pool is full.
// resume(false) turns auto-resume off for these, so that the refusal reaches us as an error.
const held: AsyncIterator<unknown>[] = [];
let refusal: WireClientError | undefined;
while (refusal === undefined && held.length < 64) {
  const stream = client.query(entity).chunkRows(1).resume(false)[Symbol.asyncIterator]();
  try {
    await stream.next();
    held.push(stream);
  } catch (error) {
    if (!(error instanceof WireClientError)) throw error;
    refusal = error;
  }
}
console.log(`holding ${held.length} streams; the server said: ${refusal?.reason} (retriable: ${refusal?.retriable})`);

// Auto-resume (on by default) retries it: it waits as long as the server's RetryInfo says, with
// jittered backoff, and tries again. onResume tells us; here it also releases one of our own
// streams, as load would drop by itself in real life.
const query = client.query(entity).limit(3).resume({
  maxAttempts: 4,
  onResume: (event) => {
    console.log(`attempt ${event.attempt - 1}: ${event.error.reason} (retriable), retrying in ${event.delayMs} ms`);
    void held.pop()?.return?.();
  },
});
const rows = await query.toArray();
console.log(`succeeded after retrying: ${rows.length} rows in ${query.attempts} attempts`);
await Promise.all(held.map((stream) => stream.return?.()));

// A permanent error: retrying cannot help, so it is thrown at once.
try {
  await client.query("no_such_entity").toArray();
} catch (error) {
  if (!(error instanceof WireClientError)) throw error;
  console.log(`permanent: ${error.reason} (code ${error.code}, category ${error.category}, retriable ${error.retriable})`);
  console.log(`  ${error.message}`);
  console.log(`  help: ${error.helpLinks.map((l) => l.url).join(", ")}; request id ${error.requestId}`);
} finally {
  client.close();
}
