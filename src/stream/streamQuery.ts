import { WireError } from "../errors/WireError.js";
import type { QuerySpec } from "../query/QuerySpec.js";
import { queryDigest } from "./resume/queryDigest.js";
import type { ResumePosition } from "./resume/ResumePosition.js";
import type { StreamItem } from "./RowChunk.js";
import type { StreamAccess } from "./StreamAccess.js";
import type { StreamDeps } from "./StreamDeps.js";
import { streamAttempt, type AttemptOutcome, type StreamTotals } from "./streamAttempt.js";

/**
 * Streams one query as chunks of raw rows, each with the resume token of its last row, then an
 * `end` item with the totals, holding one stream slot throughout. A request with a resume_token
 * continues strictly after the position it names (docs/resume.md).
 *
 * Within the call, the stream goes on in a new attempt, from the last row it sent, when:
 * - its connection turns out dead before its first row (after a failover or a restart every idle
 *   pooled connection is dead, and a caller must not pay for that: issue 8, defect 2);
 * - a keyset stream ended its transaction early to bound its age (TransactionClock).
 * Consecutive failed attempts are capped at the pool size + 1: each dead pooled connection costs one.
 */
export async function* streamQuery(
  deps: StreamDeps,
  spec: QuerySpec,
  signal: AbortSignal,
  startedAt: bigint = process.hrtime.bigint(),
  access?: StreamAccess,
): AsyncGenerator<StreamItem> {
  const digest = queryDigest(spec);
  let from: ResumePosition | undefined = spec.resumeToken === undefined ? undefined : deps.resume.verify(spec.resumeToken, digest);
  const releaseSlot = await deps.hooks.waitForSlot(() => deps.slots.acquire(signal));
  try {
    const tries = deps.slots.size + 1;
    const totals: StreamTotals = { rows: 0, bytes: 0, messages: 0, firstRowAt: undefined };
    let failures = 0;
    for (;;) {
      const outcome: AttemptOutcome = { connectionLost: false, keyset: false, hopped: false };
      let sent = false;
      try {
        for await (const item of streamAttempt(deps, spec, { digest, from }, signal, startedAt, outcome, totals, access)) {
          if (item.kind === "rows") {
            sent = true;
            from = item.chunk.position;
          }
          yield item;
        }
        if (!outcome.hopped) return;
        failures = 0;
        deps.hops.count += 1;
        deps.log.debug({ entity: spec.entity, delivered: from?.delivered }, "stream ended its transaction to bound its age: continuing from its last row in a new one");
      } catch (error) {
        // Once rows went out the caller resumes with the token (the SDK does it by itself).
        const goOn = outcome.connectionLost && !signal.aborted && !sent && ++failures < tries;
        if (!goOn) throw error;
        const cause = error instanceof WireError ? error.metadata["errorCode"] ?? error.metadata["sqlstate"] ?? error.reason : String(error);
        deps.retries.count += 1;
        deps.log.warn({ entity: spec.entity, attempt: failures, cause }, "stream lost its database connection before its first row: trying again on another connection");
      }
    }
  } finally {
    releaseSlot();
  }
}
