import { status } from "@grpc/grpc-js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/activeBackends.js";
import { expectWireStatus } from "../support/expectWireStatus.js";
import { expectRecovered, takeBaseline, type Baseline } from "./support/checkRecovered.js";
import { controlledStream, type ControlledStream } from "./support/controlledStream.js";
import { startFaultContext, type FaultContext } from "./support/faultContext.js";
import { measureRecovery } from "./support/measureRecovery.js";
import { faultsSkipped, toxiproxyMissing } from "./support/toxiproxy.js";
import { wireOutcome } from "./support/wireOutcome.js";

// Scenario 7: the server process itself is stopped mid-stream. SIGTERM drains as README "Operating
// it" documents; SIGKILL leaves the client UNAVAILABLE and PostgreSQL closes the dead process's
// backends; either way a new process on the same port serves.
let ctx: FaultContext;
let baseline: Baseline;
beforeAll(async () => {
  if (faultsSkipped) return;
  ctx = await startFaultContext();
  baseline = await takeBaseline(ctx);
});
// A test that failed before its respawn must not leave the next one without a server.
afterEach(async () => {
  if (ctx !== undefined && !ctx.server.alive()) await ctx.respawnServer();
});
afterAll(async () => {
  await ctx?.close();
});

// After the grace period the server gives streams this long to deliver their status (shutdownServer).
const FINAL_STATUS_MS = 2_000;
const BACKENDS_GONE_WITHIN_MS = 5_000;

/** A slow reader: it takes a message, then waits `ms` before the next; the server waits on flow control. */
function readSlowly(stream: ControlledStream, ms: number): void {
  stream.call.on("data", () => {
    stream.call.pause();
    setTimeout(() => stream.call.resume(), ms);
  });
}

/** Backends of the server's pool and of its health check, together. */
async function serverBackends(): Promise<Array<{ pid: number; state: string | null; query: string }>> {
  const [pool, health] = await Promise.all([ctx.db.activity(), ctx.db.activity("fraiseql-wire-health")]);
  return [...pool.rows, ...health.rows];
}

const seqsOf = (rows: string[]) => rows.map((row) => (JSON.parse(row) as { seq: number }).seq);
const inOrder = (seqs: number[]) => seqs.findIndex((seq, i) => seq !== i + 1);

describe(`faults: server signals ${faultsSkipped ? `(SKIPPED: ${toxiproxyMissing})` : ""}`, () => {
  it.skipIf(faultsSkipped)(
    "SIGTERM mid-stream: streams go on for the grace period (one that ends in it succeeds), the rest end UNAVAILABLE SERVER_SHUTTING_DOWN with rowsReceived and nextOffset; exit 0, no backend left; a new process serves",
    async () => {
      const graceMs = Number(ctx.server.env["FRAISEQL_WIRE_SHUTDOWN_GRACE_MS"]);
      const oldPid = ctx.server.pid;
      // ~20 s of rows at this pace: cut by the end of the grace period. The short one takes ~0.5 s.
      const long = controlledStream(ctx.client, { entity: "many", orderBy: "seq", chunkRows: 100 });
      const short = controlledStream(ctx.client, { entity: "many", orderBy: "seq", chunkRows: 100, limit: 5_000 });
      readSlowly(long, 10);
      readSlowly(short, 10);
      await Promise.all([long.firstMessage, short.firstMessage]);

      const sigtermAt = Date.now();
      ctx.server.kill("SIGTERM");
      const [longResult, shortResult] = await Promise.all([long.done, short.done]);
      const exit = await ctx.server.exited;
      const exitedAt = Date.now();

      expect(shortResult.error?.message, "a stream that ends within the grace period").toBeUndefined();
      expect(inOrder(seqsOf(shortResult.rows))).toBe(-1);
      expect(shortResult.rows).toHaveLength(5_000);

      const rowsAfterSigterm = longResult.messages.filter((_, i) => longResult.arrivals[i]! > sigtermAt).reduce((n, m) => n + m.rows.length, 0);
      expect(rowsAfterSigterm, "the long stream went on after SIGTERM").toBeGreaterThan(0);
      expect(inOrder(seqsOf(longResult.rows))).toBe(-1);
      const details = expectWireStatus(longResult.error, {
        code: status.UNAVAILABLE,
        reason: "SERVER_SHUTTING_DOWN",
        category: "lifecycle",
        retriable: true,
        hint: "Retry on another instance",
      });
      const metadata = details.errorInfo[0]!.metadata;
      const rowsReceived = Number(metadata["rowsReceived"]);
      expect(rowsReceived).toBeGreaterThan(0);
      expect(Number(metadata["nextOffset"])).toBe(rowsReceived);
      // grpc-js drops messages its reader had not taken when the status arrives: never more than sent.
      expect(longResult.rows.length).toBeLessThanOrEqual(rowsReceived);
      const cutAfterMs = longResult.endedAt - sigtermAt;
      expect(cutAfterMs, "the long stream is cut when the grace period ends").toBeGreaterThanOrEqual(graceMs - 50);
      expect(cutAfterMs).toBeLessThan(graceMs + FINAL_STATUS_MS + 1_000);

      expect(exit, `exit of the drained process; log tail:\n${ctx.server.logTail().slice(-3_000)}`).toEqual({ code: 0, signal: null });
      expect(exitedAt - sigtermAt).toBeLessThan(graceMs + 2 * FINAL_STATUS_MS + 3_000);
      // The pool was closed before the exit: nothing of it may remain once it is gone.
      const left = await eventually(serverBackends, (rows) => rows.length === 0, 2_000);
      expect(left, "backends of the exited server").toEqual([]);

      const server = await ctx.respawnServer();
      expect(server.pid).not.toBe(oldPid);
      const recovery = await measureRecovery(ctx, exitedAt);
      expect(recovery.firstCall.error?.message, "the first call to the new process, at its first try").toBeUndefined();
      await expectRecovered(ctx, baseline, server.pid);
      console.log(
        `fault-matrix: server SIGTERM mid-stream | stream ending in the grace period: OK; longer stream: ${wireOutcome(longResult.error).summary} after ${cutAfterMs} ms (grace ${graceMs} ms); exit 0 after ${exitedAt - sigtermAt} ms | new process serving ${recovery.recoveredMs} ms after the exit (SERVING after ${recovery.servingMs} ms)`,
      );
    },
  );

  it.skipIf(faultsSkipped)(
    "SIGKILL mid-stream: the client sees UNAVAILABLE, PostgreSQL closes the dead process's backends, and a new process on the same port serves",
    async () => {
      const old = ctx.server;
      // One reader at full speed (a FETCH in flight) and one paused (its transaction open, idle).
      const reading = controlledStream(ctx.client, { entity: "many", orderBy: "seq", chunkRows: 100 });
      const paused = controlledStream(ctx.client, { entity: "many", orderBy: "seq", chunkRows: 100 }, { pauseAtFirst: true });
      await Promise.all([reading.firstMessage, paused.firstMessage]);
      expect((await serverBackends()).length).toBeGreaterThanOrEqual(2);

      const killedAt = Date.now();
      old.kill("SIGKILL");
      paused.call.resume();
      const [readingResult, pausedResult] = await Promise.all([reading.done, paused.done]);
      expect(await old.exited).toEqual({ code: null, signal: "SIGKILL" });
      for (const [name, result] of [["reading", readingResult], ["paused", pausedResult]] as const) {
        expect(result.error?.code, `the ${name} stream of the killed process`).toBe(status.UNAVAILABLE);
        expect(inOrder(seqsOf(result.rows))).toBe(-1);
      }

      // Its sockets closed with it: PostgreSQL ends those backends without waiting for any timeout.
      const left = await eventually(serverBackends, (rows) => rows.length === 0, BACKENDS_GONE_WITHIN_MS);
      const goneAfterMs = Date.now() - killedAt;
      expect(left, `backends of the killed process ${BACKENDS_GONE_WITHIN_MS} ms after SIGKILL`).toEqual([]);

      const server = await ctx.respawnServer();
      expect({ address: server.address, newPid: server.pid !== old.pid }).toEqual({ address: old.address, newPid: true });
      const recovery = await measureRecovery(ctx, killedAt);
      expect(recovery.firstCall.error?.message, "the first call to the new process, at its first try").toBeUndefined();
      await expectRecovered(ctx, baseline, server.pid);
      console.log(
        `fault-matrix: server SIGKILL mid-stream | ${wireOutcome(readingResult.error).summary}, the client resumes from its own row count; backends gone ${goneAfterMs} ms after the kill | new process serving ${recovery.recoveredMs} ms after the kill, respawn included (SERVING after ${recovery.servingMs} ms)`,
      );
    },
  );
});
