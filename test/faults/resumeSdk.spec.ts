import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WireClient, type Query, type ResumeEvent } from "../../src/client/index.js";
import { compareRows, readDirect } from "../support/compareRows.js";
import { SHARED_RESUME_KEY } from "../support/serverReplicas.js";
import { expectRecovered, takeBaseline, type Baseline } from "./support/checkRecovered.js";
import { startFaultContext, type FaultContext } from "./support/faultContext.js";
import { faultsSkipped, toxiproxyMissing } from "./support/toxiproxy.js";

// Issue 10, test 2 and the faults the SDK's auto-resume exists for, through the SDK against the
// built server: PostgreSQL restarted (pg_ctl restart -m fast) while a reader goes on at full speed,
// the server shut down gracefully mid-stream, and a proxy between client and server cutting every
// connection. Each stream's rows must equal a direct SQL read of the same query: count, order,
// and a checksum of every row; no duplicate, nothing missing.
let ctx: FaultContext;
let baseline: Baseline;
let client: WireClient;
beforeAll(async () => {
  if (faultsSkipped) return;
  // A key of its own: a server started again on the address must accept the tokens of the one before.
  ctx = await startFaultContext({ FRAISEQL_WIRE_RESUME_KEY: SHARED_RESUME_KEY });
  baseline = await takeBaseline(ctx);
  client = new WireClient(ctx.server.address);
});
afterEach(async () => {
  if (ctx !== undefined && !ctx.server.alive()) await ctx.respawnServer();
});
afterAll(async () => {
  client?.close();
  await ctx?.close();
});

const ROWS = 200_000;
const BY_SEQ = "select data::text as data from faults.many order by data -> 'seq' nulls last, id";
const randomRow = (from: number, to: number): number => from + Math.floor(Math.random() * (to - from));

interface Run {
  readonly rows: string[];
  readonly resumes: string[];
  readonly attempts: number;
}

/** Reads every row with raw(); when the consumer has taken row `at[i]`, runs `fault(i)` (awaited: the consumer waits). */
async function read(query: Query, at: readonly number[], fault: (i: number) => Promise<void>): Promise<Run> {
  const resumes: string[] = [];
  const resumed = query.resume({ onResume: (e: ResumeEvent) => resumes.push(`${e.error.reason}@${e.rowsReceived}+${e.delayMs}ms`) });
  const rows: string[] = [];
  let next = 0;
  for await (const row of resumed.raw()) {
    rows.push(row);
    if (rows.length === at[next]) await fault(next++);
  }
  return { rows, resumes, attempts: resumed.attempts };
}

async function expectIdentical(run: Run, statement: string, label: string): Promise<void> {
  const comparison = compareRows(run.rows, await readDirect(ctx.db.url, statement));
  console.log(`resume faults: ${label}: ${comparison.received} rows, ${comparison.duplicates} duplicates, ${comparison.missing} missing; ${run.attempts} calls (${run.resumes.join(", ")})`);
  expect(comparison, `${label}; resumes ${run.resumes.join(", ")}`).toEqual({
    ...comparison,
    received: comparison.expected,
    duplicates: 0,
    missing: 0,
    firstMismatch: -1,
    receivedChecksum: comparison.expectedChecksum,
  });
}

describe(`faults: SDK auto-resume ${faultsSkipped ? `(SKIPPED: ${toxiproxyMissing})` : ""}`, () => {
  for (const entity of ["many", "many_nokey"] as const) {
    it.skipIf(faultsSkipped)(`pg_ctl restart -m fast at a random row of ${entity}, 3 streams, the reader going on at full speed: the SDK resumes once PostgreSQL is back; rows identical to SQL`, async () => {
      let resumed = 0;
      for (let i = 0; i < 3; i++) {
        let restart: Promise<void> | undefined;
        const at = randomRow(10_000, ROWS / 2);
        const run = await read(client.query(entity).orderBy("seq"), [at], async () => {
          // Not awaited: the stream goes on reading while PostgreSQL shuts down and starts again.
          restart = ctx.db.restart({ mode: "fast" });
        });
        await restart;
        resumed += run.attempts > 1 ? 1 : 0;
        await expectIdentical(run, BY_SEQ, `${entity}: restart at row ${at}`);
      }
      // At full speed a stream may end before the restart reaches it; not all three.
      expect(resumed, "streams resumed by the SDK").toBeGreaterThanOrEqual(1);
      await expectRecovered(ctx, baseline);
    });
  }

  it.skipIf(faultsSkipped)("SIGTERM of the server mid-stream (the stream outlives the grace period), then a new server on its address: the SDK resumes on it; rows identical to SQL", async () => {
    const graceMs = Number(ctx.server.env["FRAISEQL_WIRE_SHUTDOWN_GRACE_MS"]);
    const at = randomRow(10_000, ROWS - 10_000);
    const run = await read(client.query("many").orderBy("seq"), [at], async () => {
      ctx.server.kill("SIGTERM");
      // The consumer waits past the grace period: the server ends the stream UNAVAILABLE.
      await new Promise((r) => setTimeout(r, graceMs + 500));
      await ctx.respawnServer();
    });
    expect(run.attempts).toBeGreaterThanOrEqual(2);
    await expectIdentical(run, BY_SEQ, `SIGTERM at row ${at}`);
    await expectRecovered(ctx, await takeBaseline(ctx), ctx.server.pid);
  });

  it.skipIf(faultsSkipped)("a proxy between client and server (a load balancer) cuts every connection 3 times at random rows: the SDK resumes through it each time; rows identical to SQL", async () => {
    const front = await ctx.toxiproxy.createProxy(`front-${Date.now()}`, ctx.server.address);
    const viaProxy = new WireClient(front.listen);
    try {
      const at = [randomRow(5_000, 60_000), randomRow(70_000, 130_000), randomRow(140_000, 195_000)];
      const run = await read(viaProxy.query("many_nokey").orderBy("seq"), at, async () => {
        await front.setEnabled(false);
        // Back after a while, not awaited: the SDK's first tries find the proxy refusing connections.
        setTimeout(() => void front.setEnabled(true), 200 + Math.random() * 800);
      });
      expect(run.resumes.length, run.resumes.join(", ")).toBeGreaterThanOrEqual(3);
      await expectIdentical(run, BY_SEQ, `proxy cut at rows ${at.join(", ")}`);
    } finally {
      viaProxy.close();
      await front.setEnabled(true);
    }
  });
});
