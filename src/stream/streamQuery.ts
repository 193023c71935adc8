import { WireError } from "../errors/WireError.js";
import type { QuerySpec } from "../query/QuerySpec.js";
import type { StreamItem } from "./RowChunk.js";
import type { StreamDeps } from "./StreamDeps.js";
import { streamAttempt, type AttemptOutcome } from "./streamAttempt.js";

/**
 * Streams one query as chunks of raw rows, then an `end` item with the totals, holding one stream
 * slot throughout. A stream whose connection turns out dead before its first row is tried again on
 * another one: after a failover or a restart every idle pooled connection is dead, and a caller
 * must not pay for that (issue 8, defect 2). Once a row has gone out, the caller resumes instead.
 */
export async function* streamQuery(
  deps: StreamDeps,
  spec: QuerySpec,
  signal: AbortSignal,
  startedAt: bigint = process.hrtime.bigint(),
): AsyncGenerator<StreamItem> {
  const releaseSlot = await deps.slots.acquire(signal);
  try {
    // Each dead pooled connection costs one try; one more reaches a fresh connection.
    const tries = deps.slots.size + 1;
    for (let attempt = 1; ; attempt++) {
      const outcome: AttemptOutcome = { connectionLost: false };
      let sent = false;
      try {
        for await (const item of streamAttempt(deps, spec, signal, startedAt, outcome)) {
          sent ||= item.kind === "rows";
          yield item;
        }
        return;
      } catch (error) {
        if (sent || !outcome.connectionLost || attempt >= tries || signal.aborted) throw error;
        deps.retries.count += 1;
        deps.log.warn(
          { entity: spec.entity, attempt, cause: error instanceof WireError ? error.metadata["errorCode"] ?? error.metadata["sqlstate"] ?? error.reason : String(error) },
          "stream lost its database connection before its first row: trying again on another connection",
        );
      }
    }
  } finally {
    releaseSlot();
  }
}
