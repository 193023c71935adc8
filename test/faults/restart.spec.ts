import { decodeDetails } from "../support/decodeDetails.js";
import { status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectWireStatus } from "../support/expectWireStatus.js";
import { expectRecovered, takeBaseline, type Baseline } from "./support/checkRecovered.js";
import { controlledStream } from "./support/controlledStream.js";
import { startFaultContext, type FaultContext } from "./support/faultContext.js";
import { measureRecovery } from "./support/measureRecovery.js";
import { readStream, type StreamResult } from "./support/openStream.js";
import { faultsSkipped, toxiproxyMissing } from "./support/toxiproxy.js";
import { wireOutcome } from "./support/wireOutcome.js";

// Scenario 6 (issue 8, defect 2): PostgreSQL restarts (pg_ctl restart -m fast, and -m immediate,
// which is a crash and recovery). A stream under way ends DATABASE_UNAVAILABLE with where to resume;
// a server that was idle hands out no dead pooled connection: the next calls all succeed at once.
let ctx: FaultContext;
let baseline: Baseline;
beforeAll(async () => {
  if (faultsSkipped) return;
  ctx = await startFaultContext();
  baseline = await takeBaseline(ctx);
});
afterAll(async () => {
  await ctx?.close();
});

const MODES = ["fast", "immediate"] as const;

/** Lines the server logged since `since` (pino JSON) whose msg matches. */
function loggedSince(since: number, msg: RegExp): number {
  return ctx.server
    .logTail()
    .split("\n")
    .filter((line) => msg.test(line) && Number(/"time":(\d+)/.exec(line)?.[1] ?? 0) >= since).length;
}

/** A stream cut by the restart: DATABASE_UNAVAILABLE, retriable, rows in order, and where to resume. */
function expectCutWithRowsReceived(result: StreamResult, label: string): string {
  const seqs = result.rows.map((row) => (JSON.parse(row) as { seq: number }).seq);
  const outOfPlace = seqs.findIndex((seq, i) => seq !== i + 1);
  expect(outOfPlace, `${label}: row ${outOfPlace} has seq ${seqs[outOfPlace]}`).toBe(-1);
  const details = expectWireStatus(result.error, {
    code: status.UNAVAILABLE,
    reason: "DATABASE_UNAVAILABLE",
    category: "connection",
    retriable: true,
    hint: "resume from nextOffset",
  });
  const metadata = details.errorInfo[0]!.metadata;
  const rowsReceived = Number(metadata["rowsReceived"]);
  expect(rowsReceived, `${label}: rowsReceived`).toBeGreaterThan(0);
  expect(Number(metadata["nextOffset"]), `${label}: nextOffset (offset 0)`).toBe(rowsReceived);
  // grpc-js drops messages its reader had not taken when the status arrives: never more than sent.
  expect(seqs.length, `${label}: rows taken <= rowsReceived`).toBeLessThanOrEqual(rowsReceived);
  return wireOutcome(result.error).summary;
}

/** Opens every pool connection (pool-size streams at once), then lets them finish: an idle, full pool. */
async function fillPool(): Promise<void> {
  const streams = Array.from({ length: ctx.poolSize }, () => controlledStream(ctx.client, { entity: "many", orderBy: "seq", limit: 500 }, { pauseAtFirst: true }));
  expect(await Promise.all(streams.map((s) => s.firstMessage))).toEqual(streams.map(() => true));
  for (const s of streams) s.call.resume();
  for (const result of await Promise.all(streams.map((s) => s.done))) expect(result.error?.message).toBeUndefined();
  const activity = await ctx.db.activity();
  // The stream connections, and perhaps the health probe's spare one.
  expect(activity.count, "every pool connection open").toBeGreaterThanOrEqual(ctx.poolSize);
}

describe(`faults: PostgreSQL restart ${faultsSkipped ? `(SKIPPED: ${toxiproxyMissing})` : ""}`, () => {
  for (const mode of MODES) {
    it.skipIf(faultsSkipped)(`pg_ctl restart -m ${mode} mid-stream: the streams end UNAVAILABLE DATABASE_UNAVAILABLE (retriable) with rowsReceived and nextOffset`, async () => {
      // One reader at full speed (a FETCH in flight when PostgreSQL goes), one paused (its server
      // side waiting for drain; it resumes once PostgreSQL is back).
      const reading = controlledStream(ctx.client, { entity: "many_nokey", orderBy: "seq", chunkRows: 100 });
      const paused = controlledStream(ctx.client, { entity: "many_nokey", orderBy: "seq", chunkRows: 100 }, { pauseAtFirst: true });
      await Promise.all([reading.firstMessage, paused.firstMessage]);
      const restartStarted = Date.now();
      await ctx.db.restart({ mode });
      const faultEndedAt = Date.now();
      paused.call.resume();
      const [readingResult, pausedResult] = await Promise.all([reading.done, paused.done]);

      const readingSummary = expectCutWithRowsReceived(readingResult, "the reading stream");
      const pausedSummary = expectCutWithRowsReceived(pausedResult, "the paused stream");
      // The reading stream learned of the restart when it happened, not when PostgreSQL was back.
      expect(readingResult.endedAt - restartStarted, "the reading stream ends within 5 s of the restart").toBeLessThan(5_000);

      const recovery = await measureRecovery(ctx, faultEndedAt);
      expect(recovery.firstCall.error?.message, "the first call after the restart, at its first try").toBeUndefined();
      await expectRecovered(ctx, baseline);
      console.log(
        `fault-matrix: PostgreSQL restart -m ${mode} mid-stream | reading: ${readingSummary}; paused: ${pausedSummary} | recovered in ${recovery.recoveredMs} ms (SERVING after ${recovery.servingMs} ms; restart took ${faultEndedAt - restartStarted} ms)`,
      );
    });

    it.skipIf(faultsSkipped)(`pg_ctl restart -m ${mode} mid-stream of a keyed entity: every row arrives once, in order, within the call or after resuming from the error's token`, async () => {
      const query = { entity: "many", orderBy: "seq", chunkRows: 100 };
      const reading = controlledStream(ctx.client, query);
      const paused = controlledStream(ctx.client, query, { pauseAtFirst: true });
      await Promise.all([reading.firstMessage, paused.firstMessage]);
      await ctx.db.restart({ mode });
      paused.call.resume();
      const outcomes: string[] = [];
      for (const result of await Promise.all([reading.done, paused.done])) {
        const rows = [...result.rows];
        if (result.error !== undefined) {
          // The server could not go on by itself (PostgreSQL was still down): the client resumes.
          // The server could not go on by itself (PostgreSQL was still down): the client resumes,
          // as the SDK does, from the last token it got, until PostgreSQL answers again.
          let token = decodeDetails(result.error).errorInfo[0]?.metadata["resumeToken"];
          expect(token, wireOutcome(result.error).summary).toBeDefined();
          let resumes = 0;
          for (;;) {
            resumes += 1;
            const rest = await readStream(ctx.client, { ...query, resumeToken: Buffer.from(token!, "base64") }, 120_000);
            for (const row of rest.rows) rows.push(row);
            if (rest.error === undefined) break;
            const info = decodeDetails(rest.error).errorInfo[0];
            expect(info?.metadata["retriable"], wireOutcome(rest.error).summary).toBe("true");
            expect(resumes, "resumes before PostgreSQL answered again").toBeLessThan(60);
            token = info?.metadata["resumeToken"] ?? token;
            await new Promise((r) => setTimeout(r, 250));
          }
          outcomes.push(`cut after ${result.rows.length} rows, resumed ${resumes} time(s)`);
        } else {
          outcomes.push("went on within the call");
        }
        const seqs = rows.map((row) => (JSON.parse(row) as { seq: number }).seq);
        expect(seqs.length).toBe(200_000);
        expect(seqs.every((seq, i) => seq === i + 1)).toBe(true);
      }
      console.log(`fault-matrix: PostgreSQL restart -m ${mode} mid-stream, keyed entity | ${outcomes.join("; ")} | 200,000 rows each, none twice, none missing`);
    });

    it.skipIf(faultsSkipped)(`pg_ctl restart -m ${mode} while idle: once PostgreSQL is back, pool-size concurrent calls all succeed at their first try`, async () => {
      await fillPool();
      const restartStarted = Date.now();
      await ctx.db.restart({ mode });
      const faultEndedAt = Date.now();

      // Every pooled connection is dead now: none may reach a caller.
      const calls = await Promise.all(Array.from({ length: ctx.poolSize }, () => readStream(ctx.client, { entity: "items", limit: 3 }, 15_000)));
      const callsDoneMs = Math.max(...calls.map((c) => c.endedAt)) - faultEndedAt;
      const failures = calls.filter((c) => c.error !== undefined).map((c) => wireOutcome(c.error).summary);
      expect(failures, `of ${ctx.poolSize} calls right after the restart, these failed`).toEqual([]);
      for (const c of calls) expect(c.rows).toHaveLength(3);
      const retried = loggedSince(faultEndedAt, /trying again on another connection/);

      const recovery = await measureRecovery(ctx, faultEndedAt);
      expect(recovery.firstCall.error?.message, "the call after them").toBeUndefined();
      await expectRecovered(ctx, baseline);
      console.log(
        `fault-matrix: PostgreSQL restart -m ${mode} while idle | OK: ${ctx.poolSize} of ${ctx.poolSize} concurrent calls at their first try (all done ${callsDoneMs} ms after PostgreSQL was back; ${retried} retried inside the call) | recovered in ${recovery.recoveredMs} ms (SERVING after ${recovery.servingMs} ms; restart took ${faultEndedAt - restartStarted} ms)`,
      );
    });
  }
});
