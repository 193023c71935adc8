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

// A partition answers nothing and closes nothing: TCP would wait many minutes. The server's own bound
// is statement_timeout plus the response timeout (a stream's statements), or the connect timeout.
const STATEMENT_TIMEOUT_MS = 1_000;
const RESPONSE_TIMEOUT_MS = 1_000;
const CONNECT_TIMEOUT_MS = 1_000;
const STATEMENT_BOUND_MS = STATEMENT_TIMEOUT_MS + RESPONSE_TIMEOUT_MS;
// A bound on a hang, not a speed assertion.
const SLACK_MS = 3_000;
// toxiproxy's `timeout` toxic drops every byte both ways; after this long it closes the connections
// (0: it holds them until the toxic is removed, which closes them too).
const PARTITION_MS = 30_000;

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

/** Drops all data between the server and PostgreSQL, both ways; returns a function that lifts it. */
async function partition(timeoutMs: number): Promise<() => Promise<number>> {
  const names = [await ctx.link.addToxic({ type: "timeout", timeout: timeoutMs }, "upstream"), await ctx.link.addToxic({ type: "timeout", timeout: timeoutMs }, "downstream")];
  return async () => {
    for (const name of names) await ctx.link.removeToxic(name);
    return Date.now();
  };
}

const unavailable = { code: status.UNAVAILABLE, reason: "DATABASE_UNAVAILABLE", category: "connection", retriable: true } as const;

describe(`faults: partition ${faultsSkipped ? `(SKIPPED: ${toxiproxyMissing})` : ""}`, () => {
  it.skipIf(faultsSkipped)("a partition mid-stream: the stream fails within statement_timeout plus the response timeout, says where to resume, and the service recovers by itself", async () => {
    const underWay = openStream(ctx.client, { entity: "many", orderBy: "seq", chunkRows: 500 }, 60_000);
    expect(await underWay.firstMessage, "the stream started before the fault").toBe(true);
    const lift = await partition(0);
    const faultAt = Date.now();
    const result = await underWay.done;
    const failedAfterMs = result.endedAt - faultAt;

    expect.soft(failedAfterMs, "fault to error (ms)").toBeLessThan(STATEMENT_BOUND_MS + SLACK_MS);
    expectWireStatus(result.error, { ...unavailable, hint: "FRAISEQL_WIRE_DB_RESPONSE_TIMEOUT_MS" });
    const outcome = wireOutcome(result.error);
    expect(outcome.metadata["errorCode"]).toBe("RESPONSE_TIMEOUT");
    expect(result.rows.length).toBeGreaterThan(0);
    expect(outcome.metadata["rowsReceived"]).toBe(String(result.rows.length));
    expect(outcome.metadata["nextOffset"]).toBe(String(result.rows.length));

    const recovery = await measureRecovery(ctx, await lift());
    console.log(`fault-matrix: partition, mid-stream | ${outcome.summary} | after ${failedAfterMs} ms | recovered in ${recovery.recoveredMs} ms (SERVING ${recovery.servingMs} ms)`);
    expect(recovery.firstCall.error?.message, "the first call after SERVING").toBeUndefined();
    await expectRecovered(ctx, baseline);
  });

  it.skipIf(faultsSkipped)(
    "a 30 s partition while idle: calls arriving fail within their bounds, a call in flight when it lifts succeeds or fails in time, and the service recovers by itself",
    async () => {
      const lift = await partition(PARTITION_MS);
      const faultAt = Date.now();

      // Every pooled connection is open and idle (expectRecovered used them all): the first call's
      // BEGIN goes unanswered.
      const open = await readStream(ctx.client, { entity: "items", limit: 3 }, 30_000);
      const openMs = open.endedAt - open.startedAt;
      expect.soft(openMs, "open connection: call to error (ms)").toBeLessThan(STATEMENT_BOUND_MS + SLACK_MS);
      expectWireStatus(open.error, { ...unavailable, hint: "FRAISEQL_WIRE_DB_RESPONSE_TIMEOUT_MS" });
      const openOutcome = wireOutcome(open.error);
      expect(openOutcome.metadata["errorCode"]).toBe("RESPONSE_TIMEOUT");
      expect(openOutcome.metadata["rowsReceived"]).toBe("0");

      // That connection was closed and replaced by a fresh one, handed out next (the pool is LIFO):
      // its handshake goes unanswered.
      const fresh = await readStream(ctx.client, { entity: "items", limit: 3 }, 30_000);
      const freshMs = fresh.endedAt - fresh.startedAt;
      expect.soft(freshMs, "new connection: call to error (ms)").toBeLessThan(CONNECT_TIMEOUT_MS + SLACK_MS);
      expectWireStatus(fresh.error, { ...unavailable, hint: "FRAISEQL_WIRE_CONNECT_TIMEOUT_MS" });
      const freshOutcome = wireOutcome(fresh.error);
      expect(freshOutcome.metadata["errorCode"]).toBe("CONNECT_TIMEOUT");

      const health = await eventually(() => queryServiceHealth(ctx.server.address), (s) => s === "NOT_SERVING", 5_000);
      expect(health, "health during the partition").toBe("NOT_SERVING");

      // The partition lasts its 30 s (toxiproxy then closes the idle connections under it). A call
      // arrives just before it lifts: lifting closes the connection it is opening, and the server
      // tries again on another one; or its connect times out first.
      await new Promise((r) => setTimeout(r, Math.max(0, faultAt + PARTITION_MS - 300 - Date.now())));
      const inFlight = openStream(ctx.client, { entity: "items", limit: 3 }, 30_000);
      await new Promise((r) => setTimeout(r, 300));
      const liftedAt = await lift();
      const last = await inFlight.done;
      const lastMs = last.endedAt - last.startedAt;
      const lastOutcome = wireOutcome(last.error);
      if (last.error === undefined) {
        expect(last.rows).toHaveLength(3);
      } else {
        expect.soft(lastMs, "call in flight at the lift: call to error (ms)").toBeLessThan(STATEMENT_BOUND_MS + SLACK_MS);
        expectWireStatus(last.error, { ...unavailable, hint: /FRAISEQL_WIRE_CONNECT_TIMEOUT_MS|FRAISEQL_WIRE_DB_RESPONSE_TIMEOUT_MS|Retry after a short delay/ });
      }

      const recovery = await measureRecovery(ctx, liftedAt);
      const recovered = `recovered in ${recovery.recoveredMs} ms (SERVING ${recovery.servingMs} ms)`;
      console.log(`fault-matrix: partition 30 s, idle, open connection | ${openOutcome.summary} | after ${openMs} ms | ${recovered}`);
      console.log(`fault-matrix: partition 30 s, idle, new connection | ${freshOutcome.summary} | after ${freshMs} ms | ${recovered}`);
      console.log(`fault-matrix: partition 30 s, call in flight at the lift | ${lastOutcome.summary} | after ${lastMs} ms | ${recovered}`);
      expect(recovery.firstCall.error?.message, "the first call after SERVING").toBeUndefined();
      await expectRecovered(ctx, baseline);
    },
    PARTITION_MS + 60_000,
  );
});
