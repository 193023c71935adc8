import { status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectWireStatus } from "../support/expectWireStatus.js";
import { expectRecovered, takeBaseline, type Baseline } from "./support/checkRecovered.js";
import { startFaultContext, type FaultContext } from "./support/faultContext.js";
import { measureRecovery } from "./support/measureRecovery.js";
import { readStream } from "./support/openStream.js";
import { faultsSkipped, toxiproxyMissing } from "./support/toxiproxy.js";
import { wireOutcome } from "./support/wireOutcome.js";

// Scenario 11: a view whose SELECT fails on row 5,000 (faults.v_error_at_5000: a division by zero,
// as a bug in a view would). The caller gets every row before it, in order, then the error, with
// where it stopped; the connection goes back to the pool.
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

const GOOD_ROWS = 4_999;

describe(`faults: error at row 5,000 ${faultsSkipped ? `(SKIPPED: ${toxiproxyMissing})` : ""}`, () => {
  it.skipIf(faultsSkipped)(
    "a view that raises an error at row 5,000: the 4,999 rows before it arrive in order, then FAILED_PRECONDITION QUERY_FAILED (not retriable) with rowsReceived",
    async () => {
      // No order_by: a sort would compute every row, and fail, before the first one is sent.
      const summaries: string[] = [];
      for (const chunkRows of [0, 100]) {
        const result = await readStream(ctx.client, { entity: "error_at_5000", chunkRows }, 30_000);

        const seqs = result.rows.map((row) => (JSON.parse(row) as { seq: number }).seq);
        const outOfPlace = seqs.findIndex((seq, i) => seq !== i + 1);
        expect(outOfPlace, `chunk_rows ${chunkRows}: row ${outOfPlace} has seq ${seqs[outOfPlace]}`).toBe(-1);
        const details = expectWireStatus(result.error, {
          code: status.FAILED_PRECONDITION,
          reason: "QUERY_FAILED",
          category: "query",
          retriable: false,
          hint: "error_at_5000",
        });
        const outcome = wireOutcome(result.error);
        summaries.push(`chunk_rows ${chunkRows}: ${seqs.length} rows, then ${outcome.summary}`);
        console.log(`error at row 5,000: ${summaries.at(-1)}`);
        // Soft: rows lost before the error fail the test, and the recovery checks below still run.
        const metadata = details.errorInfo[0]!.metadata;
        expect.soft(seqs.length, `chunk_rows ${chunkRows}: rows delivered before the error (${outcome.summary})`).toBe(GOOD_ROWS);
        expect.soft({ rowsReceived: metadata["rowsReceived"], nextOffset: metadata["nextOffset"] }).toEqual({
          rowsReceived: String(GOOD_ROWS),
          nextOffset: String(GOOD_ROWS),
        });
      }
      const faultEndedAt = Date.now();

      const recovery = await measureRecovery(ctx, faultEndedAt);
      expect(recovery.firstCall.error?.message, "the next call, at its first try").toBeUndefined();
      await expectRecovered(ctx, baseline);
      console.log(`fault-matrix: error at row 5,000 | ${summaries.join("; ")} | recovered in ${recovery.recoveredMs} ms (SERVING after ${recovery.servingMs} ms)`);
    },
  );
});
