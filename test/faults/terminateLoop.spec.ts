import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectRecovered, takeBaseline, type Baseline } from "./support/checkRecovered.js";
import { controlledStream } from "./support/controlledStream.js";
import { startFaultContext, type FaultContext } from "./support/faultContext.js";
import { measureRecovery } from "./support/measureRecovery.js";
import { readStream, type StreamResult } from "./support/openStream.js";
import { faultsSkipped, toxiproxyMissing } from "./support/toxiproxy.js";
import { wireOutcome } from "./support/wireOutcome.js";

// Scenario 5 (issue 8, defect 1): pg_terminate_backend of every server backend at a random moment
// of a stream's life. Each call either succeeds whole (a fault before the first row is retried on
// a fresh connection inside the call) or ends DATABASE_UNAVAILABLE with where to resume; the
// process never dies, whatever the timing.
let ctx: FaultContext;
let baseline: Baseline;
let admin: postgres.Sql;
beforeAll(async () => {
  if (faultsSkipped) return;
  ctx = await startFaultContext();
  baseline = await takeBaseline(ctx);
  // One open admin connection, so that a terminate lands within a millisecond of when it is asked.
  admin = postgres(ctx.db.url, { max: 1, onnotice: () => {}, connection: { application_name: "fraiseql-wire-faults" } });
});
afterAll(async () => {
  await admin?.end({ timeout: 1 });
  await ctx?.close();
});

const ITERATIONS_PER_MOMENT = Number(process.env["TERMINATE_LOOP_ITERATIONS"] ?? 60);
const MOMENTS = ["beforeFirstRow", "fetchInFlight", "waitingForDrain", "duringCommit"] as const;
type Moment = (typeof MOMENTS)[number];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const jitter = (maxMs: number) => Math.round(Math.random() * maxMs * 10) / 10;

async function terminateAll(): Promise<void> {
  await admin`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'fraiseql-wire'`;
}

/** A short read, so that the connection on top of the pool (LIFO) is open and idle. */
async function warmTopConnection(): Promise<void> {
  const warm = await readStream(ctx.client, { entity: "items", limit: 1 }, 10_000);
  expect(warm.error?.message, "a warm-up read after the previous terminate").toBeUndefined();
}

interface Run {
  readonly result: StreamResult;
  /** Rows the stream returns when it succeeds. */
  readonly rows: number;
  readonly at: string;
}

/** One stream of faults.v_many ordered by seq, with every server backend terminated at `moment`. */
async function runOnce(moment: Moment): Promise<Run> {
  switch (moment) {
    case "beforeFirstRow": {
      // Half on an open pooled connection, half on one the previous terminate killed (set up again
      // inside the call): the fault lands in BEGIN, the entity lookup, DECLARE or the first FETCH.
      const warm = Math.random() < 0.5;
      if (warm) await warmTopConnection();
      const wait = jitter(5);
      const stream = controlledStream(ctx.client, { entity: "many_nokey", orderBy: "seq", limit: 2_000, chunkRows: 500 });
      await sleep(wait);
      await terminateAll();
      return { result: await stream.done, rows: 2_000, at: `${warm ? "warm" : "cold"} pool, ${wait} ms after the call started` };
    }
    case "fetchInFlight": {
      // A reader at full speed: the next FETCH is always in flight while a batch is being sent.
      const stream = controlledStream(ctx.client, { entity: "many_nokey", orderBy: "seq", limit: 30_000, chunkRows: 100 });
      await stream.firstMessage;
      const wait = jitter(15);
      await sleep(wait);
      await terminateAll();
      return { result: await stream.done, rows: 30_000, at: `${wait} ms after the first message` };
    }
    case "waitingForDrain": {
      // A paused reader: the server's writes fill the transport and it waits for drain, its
      // prefetch in flight or done; the terminate lands there, the client resumes later.
      const stream = controlledStream(ctx.client, { entity: "many_nokey", orderBy: "seq", limit: 50_000, chunkRows: 100 }, { pauseAtFirst: true });
      await stream.firstMessage;
      const [before, after] = [jitter(30), jitter(30)];
      await sleep(before);
      await terminateAll();
      await sleep(after);
      stream.call.resume();
      return { result: await stream.done, rows: 50_000, at: `paused, terminate ${before} ms after the first message, resumed ${after} ms later` };
    }
    case "duringCommit": {
      // A stream of one fetch (50 < the first fetch's 64 rows): the server sends its COMMIT right
      // after the rows. The link holds each statement 5 ms on its way to PostgreSQL, so a terminate
      // 0–5 ms after the first message mostly lands with the COMMIT in flight (or just after it).
      await warmTopConnection();
      const toxic = await ctx.link.addToxic({ type: "latency", latency: 5 }, "upstream");
      try {
        const wait = jitter(5);
        const stream = controlledStream(ctx.client, { entity: "many_nokey", orderBy: "seq", limit: 50 });
        await stream.firstMessage;
        await sleep(wait);
        await terminateAll();
        return { result: await stream.done, rows: 50, at: `${wait} ms after the first message` };
      } finally {
        await ctx.link.removeToxic(toxic);
      }
    }
  }
}

/** Server log lines (pino JSON) since `since` whose msg matches. */
function loggedSince(since: number, msg: RegExp): number {
  return ctx.server
    .logTail()
    .split("\n")
    .filter((line) => msg.test(line) && Number(/"time":(\d+)/.exec(line)?.[1] ?? 0) >= since).length;
}

/** "ok", or "unavailable after rows"; any other ending fails the iteration. */
function expectAllowedOutcome(run: Run, label: string): "ok" | "unavailableAfterRows" {
  const { result } = run;
  const seqs = result.rows.map((row) => (JSON.parse(row) as { seq: number }).seq);
  const outOfPlace = seqs.findIndex((seq, i) => seq !== i + 1);
  expect(outOfPlace, `${label}: row ${outOfPlace} has seq ${seqs[outOfPlace]}`).toBe(-1);
  if (result.error === undefined) {
    expect(seqs.length, `${label}: a successful stream has every row`).toBe(run.rows);
    expect(result.messages.at(-1)?.stats?.rows, `${label}: its stats`).toBe(run.rows);
    return "ok";
  }
  const outcome = wireOutcome(result.error);
  expect(
    { code: outcome.code, reason: outcome.reason, retriable: outcome.retriable },
    `${label}: a failed stream (${outcome.summary}; ${result.error.details})\nserver alive: ${ctx.server.alive()}; log tail:\n${ctx.server.logTail().slice(-4_000)}`,
  ).toEqual({ code: "UNAVAILABLE", reason: "DATABASE_UNAVAILABLE", retriable: true });
  const rowsReceived = Number(outcome.metadata["rowsReceived"]);
  // Before the first row the server retries; a failure is only allowed once rows went out.
  expect(rowsReceived, `${label}: rowsReceived of ${outcome.summary}`).toBeGreaterThan(0);
  expect(Number(outcome.metadata["nextOffset"]), `${label}: nextOffset (offset 0)`).toBe(rowsReceived);
  // grpc-js drops messages its reader had not taken when the status arrives: never more than sent.
  expect(seqs.length, `${label}: rows taken <= rowsReceived`).toBeLessThanOrEqual(rowsReceived);
  return "unavailableAfterRows";
}

describe(`faults: pg_terminate_backend loop ${faultsSkipped ? `(SKIPPED: ${toxiproxyMissing})` : ""}`, () => {
  it.skipIf(faultsSkipped)(
    "pg_terminate_backend at random moments of a stream (before the first row, a FETCH in flight, waiting for drain, during COMMIT), 240 times: each call succeeds whole or ends DATABASE_UNAVAILABLE with rowsReceived, and the server never dies",
    async () => {
      // Besides the outcomes, where the faults landed as the server logged it: a stream retried on a
      // fresh connection (the fault hit before its first row), a COMMIT that failed after every row.
      const counts = Object.fromEntries(MOMENTS.map((m) => [m, { ok: 0, unavailableAfterRows: 0, retried: 0, commitFailed: 0 }])) as Record<
        Moment,
        { ok: number; unavailableAfterRows: number; retried: number; commitFailed: number }
      >;
      const started = Date.now();
      const order = MOMENTS.flatMap((m) => Array.from({ length: ITERATIONS_PER_MOMENT }, () => m)).sort(() => Math.random() - 0.5);
      for (const [i, moment] of order.entries()) {
        const run = await runOnce(moment);
        const label = `iteration ${i} (${moment}, ${run.at})`;
        const server = ctx.server;
        // A transport error (no details) is what a client sees when the process dies: give its exit
        // event the time to arrive, so that the report says so.
        if (run.result.error !== undefined && wireOutcome(run.result.error).reason === undefined) await Promise.race([server.exited, sleep(1_000)]);
        expect(
          { pid: server.pid, alive: server.alive() },
          `${label}: the server process; crash lines: ${server.crashLines().join("\n")}\nlog tail:\n${server.logTail().slice(-4_000)}`,
        ).toEqual({ pid: baseline.pid, alive: true });
        counts[moment][expectAllowedOutcome(run, label)] += 1;
        counts[moment].retried += loggedSince(run.result.startedAt, /trying again on another connection/);
        counts[moment].commitFailed += loggedSince(run.result.startedAt, /COMMIT of a finished stream failed/);
      }
      const faultEndedAt = Date.now();
      const loopMs = faultEndedAt - started;

      console.log(`terminate loop: ${order.length} iterations in ${loopMs} ms; outcomes ${JSON.stringify(counts)}`);

      const recovery = await measureRecovery(ctx, faultEndedAt);
      expect(recovery.firstCall.error?.message, "the first call after the loop, at its first try").toBeUndefined();
      expect(recovery.firstCall.rows).toHaveLength(3);
      await expectRecovered(ctx, baseline);
      const failed = Object.values(counts).reduce((n, c) => n + c.unavailableAfterRows, 0);
      console.log(
        `fault-matrix: pg_terminate_backend loop | OK (${order.length - failed}) or UNAVAILABLE DATABASE_UNAVAILABLE retriable rowsReceived>0 nextOffset (${failed}) | recovered in ${recovery.recoveredMs} ms (SERVING after ${recovery.servingMs} ms)`,
      );
    },
  );
});
