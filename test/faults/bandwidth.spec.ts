import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectRecovered, takeBaseline, type Baseline } from "./support/checkRecovered.js";
import { startFaultContext, type FaultContext } from "./support/faultContext.js";
import { readStream } from "./support/openStream.js";
import { faultsSkipped, toxiproxyMissing } from "./support/toxiproxy.js";

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

const RATE_KB_PER_S = 300;
const ROWS = 15_000; // ~2.3 MB of rows: ~8 s at that rate
const MAX_GAP_MS = 3_000;

describe(`faults: bandwidth ${faultsSkipped ? `(SKIPPED: ${toxiproxyMissing})` : ""}`, () => {
  it.skipIf(faultsSkipped)("a bandwidth limit (slow database): streams stay correct and the client sees steady progress", async () => {
    await ctx.link.addToxic({ type: "bandwidth", rate: RATE_KB_PER_S }, "downstream");
    const result = await readStream(ctx.client, { entity: "many", orderBy: "seq", limit: ROWS, chunkRows: 500 }, 60_000);
    await ctx.toxiproxy.reset();

    expect(result.error?.message).toBeUndefined();
    const seqs = result.rows.map((row) => (JSON.parse(row) as { seq: number }).seq);
    expect(seqs.length).toBe(ROWS);
    const outOfPlace = seqs.findIndex((seq, i) => seq !== i + 1);
    expect(outOfPlace, `row ${outOfPlace} has seq ${seqs[outOfPlace]}`).toBe(-1);
    expect(result.messages.at(-1)?.stats?.rows).toBe(ROWS);

    const times = [result.startedAt, ...result.arrivals];
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    const tookMs = result.endedAt - result.startedAt;
    console.info(`bandwidth ${RATE_KB_PER_S} KB/s: ${ROWS} rows in ${tookMs} ms, ${result.messages.length} messages, longest gap ${Math.max(...gaps)} ms`);
    // Soft: a long gap fails the test, but the recovery checks below still run and report.
    expect.soft(Math.max(...gaps), `gaps between messages (ms): ${gaps.join(" ")}`).toBeLessThanOrEqual(MAX_GAP_MS);

    const recovery = await expectRecovered(ctx, baseline);
    console.info(`bandwidth: SERVING again after ${recovery.servingAfterMs} ms`);
  });
});
