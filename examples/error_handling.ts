// Retry a retriable error, stop on a permanent one. Branch on error.retriable and error.reason
// (stable), never on the message. To make a real retriable error, this example fills the server's
// connection pool with streams it does not read, so the next query gets TOO_MANY_STREAMS.
// Run: make run (in another terminal), then
//   make build && FRAISEQL_WIRE_ADDRESS=127.0.0.1:50051 node dist/examples/error_handling.js [entity]
import { WireClient, WireClientError } from "fraiseql-wire/client";

const entity = process.argv[2] ?? "projects"; // large enough that an unread stream stays open
const client = new WireClient(process.env["FRAISEQL_WIRE_ADDRESS"] ?? "127.0.0.1:50051");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `attempt` until it succeeds, retrying only retriable errors, waiting as the server asks. */
async function withRetry<T>(attempt: () => Promise<T>, onRetry: (error: WireClientError) => void, tries = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof WireClientError) || !error.retriable || i === tries) throw error;
      const wait = error.retryDelayMs ?? 250 * 2 ** i; // the server's RetryInfo, else back off
      console.log(`attempt ${i}: ${error.reason} (retriable), retrying in ${wait} ms`);
      onRetry(error);
      await sleep(wait);
    }
  }
}

// Hold streams open, one message read each, until the server refuses one: its pool is full.
const held: AsyncIterator<unknown>[] = [];
let refusal: WireClientError | undefined;
while (refusal === undefined && held.length < 64) {
  const stream = client.query(entity).chunkRows(1)[Symbol.asyncIterator]();
  try {
    await stream.next();
    held.push(stream);
  } catch (error) {
    if (!(error instanceof WireClientError)) throw error;
    refusal = error;
  }
}
console.log(`holding ${held.length} streams; the server said: ${refusal?.reason} (retriable: ${refusal?.retriable})`);

// Retry: here we release one of our own streams before each retry; in real life, load drops by itself.
const rows = await withRetry(
  () => client.query(entity).limit(3).toArray(),
  () => void held.pop()?.return?.(),
);
console.log(`succeeded after retrying: ${rows.length} rows`);
await Promise.all(held.map((stream) => stream.return?.()));

// A permanent error: retrying cannot help, so withRetry rethrows it at once.
try {
  await withRetry(() => client.query("no_such_entity").toArray(), () => {});
} catch (error) {
  if (!(error instanceof WireClientError)) throw error;
  console.log(`permanent: ${error.reason} (code ${error.code}, category ${error.category}, retriable ${error.retriable})`);
  console.log(`  ${error.message}`);
  console.log(`  help: ${error.helpLinks.map((l) => l.url).join(", ")}; request id ${error.requestId}`);
} finally {
  client.close();
}
