import { setTimeout as sleep } from "node:timers/promises";
import type { QueryChunk } from "../QueryChunk.js";
import type { QueryProgress } from "../QueryProgress.js";
import type { QuerySpec } from "../QuerySpec.js";
import { cancelledError, resumeMismatchError } from "../streamErrors.js";
import { toWireClientError } from "../toWireClientError.js";
import type { WireClientError } from "../WireClientError.js";
import { StatusCode } from "../StatusCode.js";
import { backoffDelay } from "./backoffDelay.js";

/** One call of a stream: where it went, and its chunks (a failure is thrown by the iteration). */
export interface StreamCall {
  readonly address: string;
  readonly chunks: AsyncIterable<QueryChunk>;
}

/**
 * Starts one call: from `token` (undefined: from the query's start), to an address other than
 * `failed` when the client knows several.
 */
export type StartCall = (token: Uint8Array | undefined, failed: string | undefined) => StreamCall;

// A client that has not reached any server yet (a wrong address, nothing listening) gives up after
// this many calls, instead of retrying for a minute before saying so.
const UNREACHED_ATTEMPTS = 3;

/**
 * The chunks of one iteration of a query, across as many calls as it takes (docs/resume.md). When a
 * call fails with a retriable status or ends without its stats, the next call asks for the rows
 * after the last chunk the consumer took: the position moves only when the consumer comes back
 * for the next chunk, so a chunk grpc-js had buffered but the consumer never saw is asked for
 * again, and no row is delivered twice. The final failure reports how far the consumer got.
 */
export async function* resumeChunks(
  spec: QuerySpec,
  progress: QueryProgress,
  start: StartCall,
  deadline: number | undefined,
): AsyncGenerator<QueryChunk, void, undefined> {
  const policy = spec.resume;
  const signal = spec.signal;
  let token = spec.resumeToken;
  // False once the consumer took rows that came without a token (a server older than tokens).
  let resumable = true;
  let rows = 0;
  // The index in the result of the next row: unknown when starting from the caller's own token.
  let nextIndex: number | undefined = token === undefined ? 0 : undefined;
  let failedInRow = 0;
  let failingSince = 0;
  let reached = false;
  let failed: string | undefined;
  progress.attempts = 0;
  progress.address = undefined;
  const final = (error: WireClientError): WireClientError =>
    error.withProgress({ rowsReceived: rows, nextOffset: nextIndex === undefined ? undefined : spec.offset + nextIndex, resumeToken: token, attempts: progress.attempts });

  for (;;) {
    progress.attempts += 1;
    const call = start(token, failed);
    progress.address = call.address;
    let delivered = false;
    try {
      for await (const chunk of call.chunks) {
        reached = true;
        if (chunk.rows.length > 0 && nextIndex !== undefined && chunk.firstRowIndex !== nextIndex) {
          throw resumeMismatchError(nextIndex, chunk.firstRowIndex, call.address);
        }
        yield chunk;
        // The consumer is back for more: it has every row of this chunk.
        if (chunk.rows.length === 0) continue;
        delivered = true;
        rows += chunk.rows.length;
        nextIndex = chunk.firstRowIndex + chunk.rows.length;
        if (chunk.resumeToken === undefined) resumable = false;
        else token = chunk.resumeToken;
      }
      return;
    } catch (thrown) {
      const error = toWireClientError(thrown);
      if (error.requestId !== undefined) reached = true;
      if (signal?.aborted || !policy.enabled || !resumable || !(error.retriable || cancelledByPeer(error))) throw final(error);
      const now = Date.now();
      if (delivered || failedInRow === 0) {
        failedInRow = 1;
        failingSince = now;
      } else {
        failedInRow += 1;
      }
      const delayMs = backoffDelay(failedInRow, error.retryDelayMs, Math.random());
      const giveUp =
        failedInRow >= (reached ? policy.maxAttempts : Math.min(policy.maxAttempts, UNREACHED_ATTEMPTS)) ||
        now + delayMs - failingSince > policy.maxElapsedMs ||
        (deadline !== undefined && now + delayMs >= deadline);
      if (giveUp) throw final(error);
      policy.onResume?.({ attempt: progress.attempts + 1, error: final(error), address: call.address, delayMs, rowsReceived: rows });
      try {
        await sleep(delayMs, undefined, signal === undefined ? undefined : { signal });
      } catch {
        throw final(cancelledError(signal?.reason, 0, undefined));
      }
      failed = call.address;
    }
  }
}

/**
 * CANCELLED without details while the consumer is still reading: the SDK did not cancel the call
 * (it does so only when the consumer stops or its signal fires), so the other side reset the stream:
 * a proxy, or a server shutting down past its grace period. Resuming is safe: streams only read.
 */
function cancelledByPeer(error: WireClientError): boolean {
  return error.code === StatusCode.CANCELLED && error.reason === "CANCELLED";
}
