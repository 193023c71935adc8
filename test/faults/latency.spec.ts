import { status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/activeBackends.js";
import { expectWireStatus } from "../support/expectWireStatus.js";
import { expectRecovered, takeBaseline, type Baseline } from "./support/checkRecovered.js";
import { startFaultContext, type FaultContext } from "./support/faultContext.js";
import { measureRecovery } from "./support/measureRecovery.js";
import { openStream, readStream } from "./support/openStream.js";
import { queryServiceHealth } from "./support/queryServiceHealth.js";
import { faultsSkipped, toxiproxyMissing } from "./support/toxiproxy.js";
import { wireOutcome } from "./support/wireOutcome.js";

// Short timeouts keep the scenario fast, and the latency outlasts each of them. The response timeout
// is longer than the slack, so that a call held past its connect timeout (by work that waits on the
// response timeout) shows.
const STATEMENT_TIMEOUT_MS = 1_000;
const RESPONSE_TIMEOUT_MS = 5_000;
const CONNECT_TIMEOUT_MS = 1_000;
const LATENCY_MS = 10_000;
// A bound on a hang, not a speed assertion: without the timeouts each call would wait the latency out.
const SLACK_MS = 3_000;

let ctx: FaultContext;
let baseline: Baseline;
beforeAll(async () => {
  if (faultsSkipped) return;
  ctx = await startFaultContext({
    FRAISEQL_WIRE_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
    FRAISEQL_WIRE_DB_RESPONSE_TIMEOUT_MS: String(RESPONSE_TIMEOUT_MS),
    FRAISEQL_WIRE_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
  });
  baseline = await takeBaseline(ctx);
});
afterAll(async () => {
  await ctx?.close();
});

describe(`faults: latency ${faultsSkipped ? `(SKIPPED: ${toxiproxyMissing})` : ""}`, () => {
  it.skipIf(faultsSkipped)("10 s of latency on the database link: each timeout fires with its own reason, nothing hangs, and the service recovers by itself", async () => {
    // A stream under way on an open connection when every statement starts reaching PostgreSQL 10 s late.
    const underWay = openStream(ctx.client, { entity: "many", orderBy: "seq", chunkRows: 500 }, 60_000);
    expect(await underWay.firstMessage, "the stream started before the fault").toBe(true);
    // Upstream, server to PostgreSQL: a downstream latency toxic holding data for a socket the server
    // closed wedges toxiproxy's API on removal (Shopify/toxiproxy#558).
    const toxic = await ctx.link.addToxic({ type: "latency", latency: LATENCY_MS }, "upstream");
    const faultAt = Date.now();
    // Meanwhile a new call takes another open pooled connection (the stream holds the first): its
    // BEGIN gets no answer either.
    const opening = readStream(ctx.client, { entity: "items", limit: 3 }, 30_000);
    const midStream = await underWay.done;
    const midStreamMs = midStream.endedAt - faultAt;
    // Its next FETCH gets no answer in time: the server gives up after statement_timeout plus the
    // response timeout, closes the socket and says where to resume.
    expect.soft(midStreamMs, "mid-stream: fault to error (ms)").toBeLessThan(STATEMENT_TIMEOUT_MS + RESPONSE_TIMEOUT_MS + SLACK_MS);
    expectWireStatus(midStream.error, { code: status.UNAVAILABLE, reason: "DATABASE_UNAVAILABLE", category: "connection", retriable: true, hint: "FRAISEQL_WIRE_DB_RESPONSE_TIMEOUT_MS" });
    const midOutcome = wireOutcome(midStream.error);
    expect(midOutcome.metadata["errorCode"]).toBe("RESPONSE_TIMEOUT");
    expect(midStream.rows.length).toBeGreaterThan(0);
    expect(midOutcome.metadata["rowsReceived"]).toBe(String(midStream.rows.length));
    expect(midOutcome.metadata["nextOffset"]).toBe(String(midStream.rows.length));

    const open = await opening;
    const openMs = open.endedAt - open.startedAt;
    expect.soft(openMs, "open connection: call to error (ms)").toBeLessThan(STATEMENT_TIMEOUT_MS + RESPONSE_TIMEOUT_MS + SLACK_MS);
    expectWireStatus(open.error, { code: status.UNAVAILABLE, reason: "DATABASE_UNAVAILABLE", category: "connection", retriable: true, hint: "FRAISEQL_WIRE_DB_RESPONSE_TIMEOUT_MS" });
    const openOutcome = wireOutcome(open.error);
    expect(openOutcome.metadata["errorCode"]).toBe("RESPONSE_TIMEOUT");
    expect(openOutcome.metadata["rowsReceived"]).toBe("0");

    // Each connection that went unanswered was closed and replaced by a fresh one, handed out next
    // (the pool is LIFO): this call must connect, and its handshake reaches PostgreSQL 10 s late.
    const fresh = await readStream(ctx.client, { entity: "items", limit: 3 }, 30_000);
    const freshMs = fresh.endedAt - fresh.startedAt;
    expect.soft(freshMs, "new connection: call to error (ms)").toBeLessThan(CONNECT_TIMEOUT_MS + SLACK_MS);
    expectWireStatus(fresh.error, { code: status.UNAVAILABLE, reason: "DATABASE_UNAVAILABLE", category: "connection", retriable: true, hint: "FRAISEQL_WIRE_CONNECT_TIMEOUT_MS" });
    const freshOutcome = wireOutcome(fresh.error);
    expect(freshOutcome.metadata["errorCode"]).toBe("CONNECT_TIMEOUT");

    // Health says so too: its ping goes unanswered.
    const health = await eventually(() => queryServiceHealth(ctx.server.address), (s) => s === "NOT_SERVING", 5_000);
    expect(health, "health during the fault").toBe("NOT_SERVING");

    await ctx.link.removeToxic(toxic);
    const removedAt = Date.now();
    const recovery = await measureRecovery(ctx, removedAt);
    console.log(`fault-matrix: latency 10 s, mid-stream | ${midOutcome.summary} | after ${midStreamMs} ms | recovered in ${recovery.recoveredMs} ms (SERVING ${recovery.servingMs} ms)`);
    console.log(`fault-matrix: latency 10 s, open connection | ${openOutcome.summary} | after ${openMs} ms | recovered in ${recovery.recoveredMs} ms (SERVING ${recovery.servingMs} ms)`);
    console.log(`fault-matrix: latency 10 s, new connection | ${freshOutcome.summary} | after ${freshMs} ms | recovered in ${recovery.recoveredMs} ms (SERVING ${recovery.servingMs} ms)`);
    expect(recovery.firstCall.error?.message, "the first call after SERVING").toBeUndefined();
    await expectRecovered(ctx, baseline);
  });
});
