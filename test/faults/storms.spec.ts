import { credentials } from "@grpc/grpc-js";
import { QueryServiceClient, type StreamQueryRequest } from "../../generated/fraiseql/wire/v1/query_service.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectRecovered, takeBaseline, type Baseline } from "./support/checkRecovered.js";
import { startFaultContext, type FaultContext } from "./support/faultContext.js";
import { measureRecovery } from "./support/measureRecovery.js";
import { openStream, type StreamResult } from "./support/openStream.js";
import { faultsSkipped, toxiproxyMissing } from "./support/toxiproxy.js";
import { wireOutcome } from "./support/wireOutcome.js";

// Scenario 8 (issue 8, defect 4): clients that give up. 1,000 calls cancelled at random points and
// 1,000 calls with deadlines of 1–50 ms, some of them right after every backend was terminated, so
// that they give up while their connection is being set up. Afterwards nothing is wedged: the next
// call works at once, every pool slot is free, health says SERVING, no backend is left in a
// transaction.
// Each storm runs on a client connection of its own: Node's HTTP/2 server closes a connection that
// resets more than 1,000 streams in a burst (nghttp2's rapid-reset limit, 1,000 then 33/s), and
// every call still open on it ends INTERNAL. The last test holds the server to that for one
// connection that does both storms, as one client or a load balancer's connection would.
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

const CALLS = 1_000;
// The last part of each storm runs right after pg_terminate_backend of every server backend.
const AFTER_TERMINATE = 400;
const CONCURRENCY = 50;

/** Half ordered by seq in chunks of 100 rows (an index scan), half unordered (a sequential scan). */
const requestFor = (i: number): Partial<StreamQueryRequest> => (i % 2 === 0 ? { entity: "many", orderBy: "seq", chunkRows: 100 } : { entity: "many" });

/** The first call of each outcome: its status message, duration and rows, for the report. */
const examples = new Map<string, string>();

/** Runs `count` calls, at most CONCURRENCY at a time; counts how each ended (wireOutcome's summary). */
async function storm(count: number, call: (i: number) => Promise<StreamResult>): Promise<Map<string, number>> {
  const outcomes = new Map<string, number>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const result = await call(next++);
      // rowsReceived differs call by call: count by code and reason only.
      const { code, reason } = wireOutcome(result.error);
      const key = reason === undefined ? code : `${code} ${reason}`;
      if (!outcomes.has(key)) examples.set(key, `${result.error?.details ?? ""} (${result.endedAt - result.startedAt} ms, ${result.rows.length} rows)`);
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return outcomes;
}

/** A client with a connection of its own (a local subchannel pool: no connection shared with ctx.client). */
const ownConnection = (): QueryServiceClient =>
  new QueryServiceClient(ctx.server.address, credentials.createInsecure(), { "grpc.use_local_subchannel_pool": 1 });

/** A call cancelled by the client 0–60 ms after it starts. */
const cancelled = (client: QueryServiceClient, i: number): Promise<StreamResult> => {
  const stream = openStream(client, requestFor(i), 30_000);
  setTimeout(() => stream.cancel(), Math.random() * 60);
  return stream.done;
};

/** A call with a deadline of 1–50 ms. */
const deadlined = (client: QueryServiceClient, i: number): Promise<StreamResult> => openStream(client, requestFor(i), 1 + Math.random() * 49).done;

/** Both parts of a storm: CALLS - AFTER_TERMINATE calls, then every backend terminated, then the rest. */
async function stormAroundTerminate(call: (i: number) => Promise<StreamResult>): Promise<{ outcomes: Map<string, number>; tookMs: number; terminated: number }> {
  const started = Date.now();
  const first = await storm(CALLS - AFTER_TERMINATE, call);
  const terminated = await ctx.db.terminateBackends();
  const second = await storm(AFTER_TERMINATE, call);
  const outcomes = new Map(first);
  for (const [key, n] of second) outcomes.set(key, (outcomes.get(key) ?? 0) + n);
  return { outcomes, tookMs: Date.now() - started, terminated };
}

/** Outcomes other than `allowed`, each with the first such call's status message. */
const unexpected = (outcomes: Map<string, number>, allowed: string[]) =>
  [...outcomes.keys()].filter((key) => !allowed.includes(key)).map((key) => `${key}: ${examples.get(key)}`);

const show = (outcomes: Map<string, number>) => [...outcomes].map(([key, n]) => `${key}: ${n}`).join(", ");

const CANCEL_OUTCOMES = ["CANCELLED", "OK"];
// The client's own deadline (no details) or the server's (reason DEADLINE_EXCEEDED), or OK.
const DEADLINE_OUTCOMES = ["DEADLINE_EXCEEDED", "DEADLINE_EXCEEDED DEADLINE_EXCEEDED", "OK"];

describe(`faults: cancel and deadline storms ${faultsSkipped ? `(SKIPPED: ${toxiproxyMissing})` : ""}`, () => {
  it.skipIf(faultsSkipped)("a cancel storm: 1,000 calls cancelled by the client 0–60 ms after they start (50 at a time) leave the server serving with every connection back", async () => {
    const client = ownConnection();
    const { outcomes, tookMs, terminated } = await stormAroundTerminate((i) => cancelled(client, i));
    client.close();
    const faultEndedAt = Date.now();
    console.log(`cancel storm: ${CALLS} calls in ${tookMs} ms (${terminated} backends terminated before the last ${AFTER_TERMINATE}); ${show(outcomes)}`);
    // A call the client cancels ends CANCELLED; one that finished first, OK. Nothing else.
    expect(unexpected(outcomes, CANCEL_OUTCOMES), show(outcomes)).toEqual([]);

    const recovery = await measureRecovery(ctx, faultEndedAt);
    expect(recovery.firstCall.error?.message, "the first call after the storm, at its first try").toBeUndefined();
    await expectRecovered(ctx, baseline);
    console.log(`fault-matrix: cancel storm (1,000 calls, 0–60 ms) | ${show(outcomes)} | recovered in ${recovery.recoveredMs} ms (SERVING after ${recovery.servingMs} ms)`);
  });

  it.skipIf(faultsSkipped)("a deadline storm: 1,000 calls with deadlines of 1–50 ms (50 at a time) all end DEADLINE_EXCEEDED or OK, and leave the server serving with every connection back", async () => {
    const client = ownConnection();
    const { outcomes, tookMs, terminated } = await stormAroundTerminate((i) => deadlined(client, i));
    client.close();
    const faultEndedAt = Date.now();
    console.log(`deadline storm: ${CALLS} calls in ${tookMs} ms (${terminated} backends terminated before the last ${AFTER_TERMINATE}); ${show(outcomes)}`);
    expect(unexpected(outcomes, DEADLINE_OUTCOMES), show(outcomes)).toEqual([]);

    const recovery = await measureRecovery(ctx, faultEndedAt);
    expect(recovery.firstCall.error?.message, "the first call after the storm, at its first try").toBeUndefined();
    await expectRecovered(ctx, baseline);
    console.log(`fault-matrix: deadline storm (1,000 calls, 1–50 ms) | ${show(outcomes)} | recovered in ${recovery.recoveredMs} ms (SERVING after ${recovery.servingMs} ms)`);
  });

  // Node's HTTP/2 server closes a connection whose client resets streams faster than about 1,000 in a
  // burst then 33 a second: its protection against the "rapid reset" attack (CVE-2023-44487). The
  // calls still open on that connection end INTERNAL (RST_STREAM code 2) on the client. grpc-js
  // offers no way to loosen it, and it is a protection worth keeping: what must hold is that the
  // server and its other connections do not notice (README, "Operating it").
  it.skipIf(faultsSkipped)("a client connection that resets 2,000 streams within seconds may be closed by HTTP/2's rapid-reset protection; the server and its other connections serve on", async () => {
    const client = ownConnection();
    const started = Date.now();
    const cancels = await storm(CALLS, (i) => cancelled(client, i));
    const deadlines = await storm(CALLS, (i) => deadlined(client, i));
    client.close();
    const faultEndedAt = Date.now();
    console.log(`both storms on one connection: ${2 * CALLS} calls in ${faultEndedAt - started} ms; cancelled: ${show(cancels)}; deadlines: ${show(deadlines)}`);
    expect(unexpected(cancels, [...CANCEL_OUTCOMES, "INTERNAL"]), show(cancels)).toEqual([]);
    expect(unexpected(deadlines, [...DEADLINE_OUTCOMES, "INTERNAL"]), show(deadlines)).toEqual([]);

    const recovery = await measureRecovery(ctx, faultEndedAt);
    expect(recovery.firstCall.error?.message, "the first call after the storms, at its first try").toBeUndefined();
    await expectRecovered(ctx, baseline);
    console.log(
      `fault-matrix: cancel + deadline storms on one connection (2,000 calls) | cancelled: ${show(cancels)}; deadlines: ${show(deadlines)} | recovered in ${recovery.recoveredMs} ms (SERVING after ${recovery.servingMs} ms)`,
    );
  });
});
