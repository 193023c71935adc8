import { status } from "@grpc/grpc-js";
import { expect } from "vitest";
import { eventually } from "../../support/activeBackends.js";
import { healthClient } from "../../support/genericClients.js";
import type { Activity } from "./faultDatabase.js";
import type { FaultContext } from "./faultContext.js";
import { fdCount } from "./faultServer.js";
import { openStream, readStream } from "./openStream.js";

/** The healthy state a scenario must return to, taken once the server has run a full pool. */
export interface Baseline {
  readonly pid: number;
  readonly fds: number;
}

/** What expectRecovered measured, for the fault matrix. */
export interface Recovery {
  /** From the call of expectRecovered to health SERVING. */
  readonly servingAfterMs: number;
  readonly fds: number;
  readonly activity: Activity;
}

const QUERY_SERVICE = "fraiseql.wire.v1.QueryService";

/** Fills every pool connection once (so they count among the fds), then counts the server's fds. */
export async function takeBaseline(ctx: FaultContext): Promise<Baseline> {
  await expectAllSlotsFree(ctx);
  const pid = ctx.server.pid;
  // Sockets of the cancelled streams close asynchronously: wait until two samples agree.
  let fds = fdCount(pid);
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 200));
    const next = fdCount(pid);
    if (next === fds) break;
    fds = next;
  }
  return { pid, fds };
}

/**
 * After every scenario: the same server process (or the expected new one) is alive and SERVING,
 * the next call succeeds at its first try, every pool slot is free, PostgreSQL shows no leaked or
 * stuck backends, no fds leaked, and nothing was logged as unhandled or uncaught.
 */
export async function expectRecovered(ctx: FaultContext, baseline: Baseline, expectedPid = baseline.pid): Promise<Recovery> {
  const started = Date.now();
  const server = ctx.server;
  const died = server.alive() ? "" : `died: ${JSON.stringify(await server.exited)}; crash lines: ${server.crashLines().join("\n")}\n`;
  expect({ pid: server.pid, alive: server.alive() }, `server process ${died}log tail:\n${server.logTail().slice(-5_000)}`).toEqual({
    pid: expectedPid,
    alive: true,
  });

  const health = await eventually(() => checkHealth(server.address), (s) => s === "SERVING", 20_000);
  expect(health, "health of QueryService within 20 s").toBe("SERVING");
  const servingAfterMs = Date.now() - started;

  const next = await readStream(ctx.client, { entity: "items", limit: 3 }, 10_000);
  expect(next.error?.message, "the next call, at its first try").toBeUndefined();
  expect(next.rows).toHaveLength(3);

  await expectAllSlotsFree(ctx);

  // "idle in transaction" and "idle in transaction (aborted)" alike: a connection back in the pool
  // inside a transaction. "active": a query the server no longer wants (a cancel that did not land).
  const stuck = (a: Activity): Activity["rows"] => a.rows.filter((r) => r.state?.startsWith("idle in transaction") || r.state === "active");
  // The pool holds one connection more than stream slots (the health probe's). A connection the
  // server closed behind a slow or partitioned link leaves PostgreSQL only once toxiproxy passes the
  // close on: that takes as long as the link's delay, so the wait is longer than the usual one.
  const most = ctx.poolSize + 1;
  const activity = await eventually(() => ctx.db.activity(), (a) => a.count <= most && stuck(a).length === 0, 20_000);
  expect(stuck(activity), "backends left in a transaction or still running a query").toEqual([]);
  expect(activity.count, "server backends (at most the pool size + the probe's)").toBeLessThanOrEqual(most);

  // Leaks are what count: a count below the baseline (idle connections closed) is fine.
  const fds = await eventually(async () => fdCount(server.pid), (n) => n <= baseline.fds + 2, 5_000);
  expect(fds, `open fds (baseline ${baseline.fds})`).toBeLessThanOrEqual(baseline.fds + 2);

  expect(server.crashLines(), "unhandled/uncaught in the server's log").toEqual([]);
  return { servingAfterMs, fds, activity };
}

/**
 * Opens pool-size streams that each hold a connection (faults.v_hold), and asserts every one got a
 * slot: a slot still held by an earlier stream shows as TOO_MANY_STREAMS after the pool wait. Then
 * cancels them all.
 */
export async function expectAllSlotsFree(ctx: FaultContext): Promise<void> {
  const streams = Array.from({ length: ctx.poolSize }, () => openStream(ctx.client, { entity: "hold", chunkRows: 10 }, 30_000));
  const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), ctx.poolWaitMs + 5_000));
  const started = await Promise.all(streams.map((s) => Promise.race([s.firstMessage, timeout])));
  for (const s of streams) s.cancel();
  const results = await Promise.all(streams.map((s) => s.done));
  const failures = results
    .filter((_, i) => !started[i])
    .map((r) => (r.error ? `${status[r.error.code]}: ${r.error.details}` : "no first message in time"));
  expect(failures, `of ${ctx.poolSize} streams, one per pool slot, these did not start`).toEqual([]);
  for (const r of results) expect(r.error?.code, "a cancelled stream ends CANCELLED").toBe(status.CANCELLED);
}

/** grpc.health.v1 Check for QueryService; "UNREACHABLE: …" when the call fails or takes over 2 s. */
async function checkHealth(address: string): Promise<string> {
  const client = healthClient(address);
  try {
    return await new Promise<string>((resolve) => {
      const timer = setTimeout(() => resolve("UNREACHABLE: no answer within 2 s"), 2_000);
      client.check({ service: QUERY_SERVICE }, (error, response) => {
        clearTimeout(timer);
        resolve(error ? `UNREACHABLE: ${error.message}` : response!.status);
      });
    });
  } finally {
    client.close();
  }
}
