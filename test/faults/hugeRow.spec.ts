import { readFileSync } from "node:fs";
import { status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectWireStatus } from "../support/expectWireStatus.js";
import { expectRecovered, takeBaseline, type Baseline } from "./support/checkRecovered.js";
import { startFaultContext, type FaultContext } from "./support/faultContext.js";
import { measureRecovery } from "./support/measureRecovery.js";
import { readStream } from "./support/openStream.js";
import { faultsSkipped, toxiproxyMissing } from "./support/toxiproxy.js";
import { wireOutcome } from "./support/wireOutcome.js";

// Scenario 10: one 50 MB row (faults.v_huge, row 2). It cannot fit in a message, so the call fails
// ROW_TOO_LARGE after the row before it; the server holds that row once at most, not per message.
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

const CALLS = 3;
const HEADROOM_MB = 300;

/** VmRSS (now) and VmHWM (peak since start) of a process, in MB. */
function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const text = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text)?.[1]);
  return { rssMb: Math.round(kb("VmRSS") / 1024), peakMb: Math.round(kb("VmHWM") / 1024) };
}

describe(`faults: a 50 MB row ${faultsSkipped ? `(SKIPPED: ${toxiproxyMissing})` : ""}`, () => {
  it.skipIf(faultsSkipped)("a 50 MB row: OUT_OF_RANGE ROW_TOO_LARGE after the rows before it, and the server's RSS stays bounded", async () => {
    const idle = memoryOf(ctx.server.pid);
    let peakSampled = idle.rssMb;
    const sampler = setInterval(() => (peakSampled = Math.max(peakSampled, memoryOf(ctx.server.pid).rssMb)), 20);
    const summaries: string[] = [];
    try {
      // One after another: memory the first call left behind would add up in the next.
      for (let i = 0; i < CALLS; i++) {
        const result = await readStream(ctx.client, { entity: "huge" }, 60_000);
        expect(result.rows.map((row) => (JSON.parse(row) as { seq: number }).seq), `call ${i}: the row before the huge one`).toEqual([1]);
        const details = expectWireStatus(result.error, {
          code: status.OUT_OF_RANGE,
          reason: "ROW_TOO_LARGE",
          category: "resource",
          retriable: false,
          hint: "FRAISEQL_WIRE_MAX_CHUNK_BYTES",
        });
        const metadata = details.errorInfo[0]!.metadata;
        expect({ rowsReceived: metadata["rowsReceived"], nextOffset: metadata["nextOffset"], rowIndex: metadata["rowIndex"] }).toEqual({
          rowsReceived: "1",
          nextOffset: "1",
          rowIndex: "1",
        });
        expect(Number(metadata["rowBytes"])).toBeGreaterThan(50_000_000);
        summaries.push(wireOutcome(result.error).summary);
      }
    } finally {
      clearInterval(sampler);
    }
    const faultEndedAt = Date.now();
    const after = memoryOf(ctx.server.pid);
    const peakMb = Math.max(after.peakMb, peakSampled);
    console.log(`50 MB row: ${CALLS} calls, ${summaries[0]}; RSS idle ${idle.rssMb} MB, peak ${peakMb} MB (VmHWM ${after.peakMb}), after ${after.rssMb} MB`);
    expect(peakMb, `peak RSS (idle ${idle.rssMb} MB)`).toBeLessThan(idle.rssMb + HEADROOM_MB);

    const recovery = await measureRecovery(ctx, faultEndedAt);
    expect(recovery.firstCall.error?.message, "the next call, at its first try").toBeUndefined();
    await expectRecovered(ctx, baseline);
    console.log(
      `fault-matrix: 50 MB row | OUT_OF_RANGE ROW_TOO_LARGE not retriable rowsReceived=1 nextOffset=1 rowIndex=1; RSS peak +${peakMb - idle.rssMb} MB over idle | recovered in ${recovery.recoveredMs} ms (SERVING after ${recovery.servingMs} ms)`,
    );
  });
});
