import { status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/activeBackends.js";
import { expectWireStatus } from "../support/expectWireStatus.js";
import { expectRecovered, takeBaseline, type Baseline } from "./support/checkRecovered.js";
import { startFaultContext, type FaultContext } from "./support/faultContext.js";
import { measureRecovery } from "./support/measureRecovery.js";
import { openStream, readStream } from "./support/openStream.js";
import { faultsSkipped, toxiproxyMissing, type Direction } from "./support/toxiproxy.js";
import { wireOutcome } from "./support/wireOutcome.js";

const ITERATIONS = 20;
const ROWS = 200_000; // all of faults.v_many: one to two seconds at full speed
const MAX_DELAY_MS = 500;
// A reset is seen at once: no timeout is involved. A bound on a hang, not a speed assertion.
const BOUND_MS = 3_000;
// How the server names a connection closed under it (fromNodeError): toxiproxy sends a FIN on a
// connection that predates the toxic (CONNECTION_CLOSED) and an RST on one opened under it (ECONNRESET).
const LOST = ["ECONNRESET", "EPIPE", "CONNECTION_CLOSED", "CONNECTION_DESTROYED", "CONNECTION_ENDED"];
const RETRYING = "trying again on another connection";

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

const unavailable = { code: status.UNAVAILABLE, reason: "DATABASE_UNAVAILABLE", category: "connection", retriable: true, hint: "Retry after a short delay" } as const;

/** The server's output since `before` (an earlier logTail()), which keeps only its last 200 kB. */
function logSince(before: string): string {
  const now = ctx.server.logTail();
  const mark = before.slice(-500);
  const at = mark === "" ? 0 : now.lastIndexOf(mark);
  return at < 0 ? now : now.slice(at + mark.length);
}

const count = (text: string, needle: string): number => text.split(needle).length - 1;

describe(`faults: reset_peer ${faultsSkipped ? `(SKIPPED: ${toxiproxyMissing})` : ""}`, () => {
  it.skipIf(faultsSkipped)(`reset_peer mid-stream, ${ITERATIONS} times at random moments: DATABASE_UNAVAILABLE with rowsReceived and nextOffset, and the service recovers each time`, async () => {
    const outcomes: string[] = [];
    const recoveries: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      const delayMs = Math.floor(Math.random() * MAX_DELAY_MS);
      const direction: Direction = i % 2 === 0 ? "downstream" : "upstream";
      const where = `iteration ${i}: reset ${direction} ${delayMs} ms after the first message`;
      const underWay = openStream(ctx.client, { entity: "many", orderBy: "seq", chunkRows: 500 }, 60_000);
      expect(await underWay.firstMessage, `${where}: the stream started`).toBe(true);
      await new Promise((r) => setTimeout(r, delayMs));
      // timeout 0: the connection is closed at its next byte in that direction.
      const toxic = await ctx.link.addToxic({ type: "reset_peer", timeout: 0 }, direction);
      const faultAt = Date.now();
      const result = await underWay.done;
      await ctx.link.removeToxic(toxic);
      const recovery = await measureRecovery(ctx, Date.now());

      const outcome = wireOutcome(result.error);
      outcomes.push(outcome.summary);
      recoveries.push(recovery.recoveredMs);
      if (result.error === undefined) {
        // The reset came after the last FETCH (during COMMIT, or after the end): every row arrived.
        expect(result.rows.length, where).toBe(ROWS);
        expect(result.messages.at(-1)?.stats?.rows, where).toBe(ROWS);
      } else {
        expect.soft(result.endedAt - faultAt, `${where}: fault to error (ms)`).toBeLessThan(BOUND_MS);
        expectWireStatus(result.error, unavailable);
        expect(LOST, `${where}: errorCode`).toContain(outcome.metadata["errorCode"]);
        expect(result.rows.length, where).toBeGreaterThan(0);
        expect(outcome.metadata["rowsReceived"], where).toBe(String(result.rows.length));
        expect(outcome.metadata["nextOffset"], where).toBe(String(result.rows.length));
        // The rows before the reset are the first ones, in order: resuming at nextOffset loses none.
        expect(JSON.parse(result.rows.at(-1)!), where).toMatchObject({ seq: result.rows.length });
      }
      expect(recovery.firstCall.error?.message, `${where}: the first call after SERVING`).toBeUndefined();
    }

    const failed = outcomes.filter((o) => o !== "OK").length;
    const codes = [...new Set(outcomes.map((o) => o.replace(/ rowsReceived=\d+ nextOffset=\d+/, "")))].join(", ");
    const sorted = [...recoveries].sort((a, b) => a - b);
    console.log(
      `fault-matrix: reset_peer mid-stream (${failed} of ${ITERATIONS} hit mid-stream) | ${codes} | recovered in ${sorted[0]}–${sorted.at(-1)} ms (median ${sorted[Math.floor(sorted.length / 2)]} ms)`,
    );
    // The random moments fall within the stream's life, except now and then at its very end.
    expect(failed, `outcomes:\n${outcomes.join("\n")}`).toBeGreaterThanOrEqual(ITERATIONS * 0.75);
    await expectRecovered(ctx, baseline);
  });

  it.skipIf(faultsSkipped)(
    "reset_peer during BEGIN/DECLARE: the server tries again on fresh connections within the call, and fails with DATABASE_UNAVAILABLE once every try was reset",
    async () => {
      // Present before the call: every connection that carries a byte back from PostgreSQL is closed,
      // the open pooled one the call takes first and each fresh one it tries next alike.
      const toxic = await ctx.link.addToxic({ type: "reset_peer", timeout: 0 }, "downstream");
      const before = ctx.server.logTail();
      const result = await readStream(ctx.client, { entity: "items", limit: 3 }, 30_000);
      const elapsedMs = result.endedAt - result.startedAt;
      // The server's last log lines may reach its stdout just after the status reaches the client.
      const retries = await eventually(async () => count(logSince(before), RETRYING), (n) => n >= ctx.poolSize, 2_000);
      const log = logSince(before);
      await ctx.link.removeToxic(toxic);
      const recovery = await measureRecovery(ctx, Date.now());

      const outcome = wireOutcome(result.error);
      console.log(`fault-matrix: reset_peer during BEGIN/DECLARE | ${outcome.summary} | after ${elapsedMs} ms, ${retries} retries | recovered in ${recovery.recoveredMs} ms (SERVING ${recovery.servingMs} ms)`);
      // No row went out, so the server retried: one try per pool connection plus one (streamQuery).
      // All were reset, so the call fails, and says so without a row to resume from.
      expectWireStatus(result.error, unavailable);
      expect(LOST).toContain(outcome.metadata["errorCode"]);
      expect(outcome.metadata["rowsReceived"]).toBe("0");
      expect(result.rows).toEqual([]);
      expect(retries, `retries in the server's log:\n${log}`).toBe(ctx.poolSize);
      expect.soft(elapsedMs, "call to error (ms)").toBeLessThan(BOUND_MS);

      expect(recovery.firstCall.error?.message, "the first call after SERVING").toBeUndefined();
      await expectRecovered(ctx, baseline);
    },
  );
});
