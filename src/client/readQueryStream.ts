import type { ClientReadableStream } from "@grpc/grpc-js";
import type { StreamQueryResponse } from "../../generated/fraiseql/wire/v1/query_service.js";
import type { QueryChunk } from "./QueryChunk.js";
import { cancelledError, cutShortError } from "./streamErrors.js";
import { toWireClientError } from "./toWireClientError.js";

/**
 * Turns one StreamQuery call into chunks, pulled one at a time. The call is a Readable whose _read()
 * asks grpc-js for one more message, and grpc-js pauses the HTTP/2 stream until asked: iterating it
 * (rather than listening to 'data') lets HTTP/2 flow control push back on the server, so a slow
 * caller holds at most the Readable's buffer (16 messages) plus one HTTP/2 window.
 *
 * Ends normally only after the final stats message; otherwise throws a WireClientError (a stream
 * cut short is STREAM_INTERRUPTED). Leaving early cancels the call. How far the whole query got is
 * resumeChunks' to say: it counts what the consumer took.
 */
export async function* readQueryStream(
  start: () => ClientReadableStream<StreamQueryResponse>,
  signal: AbortSignal | undefined,
): AsyncGenerator<QueryChunk, void, undefined> {
  // An already aborted signal sends nothing at all.
  if (signal?.aborted) throw cancelledError(signal.reason, 0, undefined);
  const call = start();
  // grpc-js reports the status with emit('error'), which throws when no listener is left (after
  // an early break the iterator has removed its own).
  call.on("error", () => {});
  const onAbort = (): void => call.cancel();
  signal?.addEventListener("abort", onAbort, { once: true });
  let rows = 0;
  let complete = false;
  try {
    for await (const message of call as AsyncIterable<StreamQueryResponse>) {
      if (signal?.aborted) throw cancelledError(signal.reason, 0, undefined);
      if (message.stats !== undefined) complete = true;
      rows += message.rows.length;
      const token = message.resumeToken.length > 0 ? message.resumeToken : undefined;
      yield { rows: message.rows, firstRowIndex: message.firstRowIndex, stats: message.stats, resumeToken: token };
    }
    if (!complete) throw cutShortError(rows);
  } catch (error) {
    if (signal?.aborted) throw cancelledError(signal.reason, 0, undefined);
    throw toWireClientError(error);
  } finally {
    signal?.removeEventListener("abort", onAbort);
    // Early exit (break, a thrown predicate, validate): stop the server's query so its pooled
    // connection is released now rather than when the deadline passes.
    if (!complete) call.cancel();
  }
}
