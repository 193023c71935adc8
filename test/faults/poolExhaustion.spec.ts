import { status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectWireStatus } from "../support/expectWireStatus.js";
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

const CALLS = 100;
const ROWS = 10_000;

describe(`faults: pool exhaustion ${faultsSkipped ? `(SKIPPED: ${toxiproxyMissing})` : ""}`, () => {
  it.skipIf(faultsSkipped)("pool exhaustion: 100 concurrent calls against 10 connections", async () => {
    expect(ctx.poolSize).toBe(10);
    const results = await Promise.all(
      Array.from({ length: CALLS }, () => readStream(ctx.client, { entity: "many", orderBy: "seq", limit: ROWS }, 60_000)),
    );

    let succeeded = 0;
    for (const result of results) {
      // None hangs: every call ends by itself, long before its deadline.
      expect(result.error?.code).not.toBe(status.DEADLINE_EXCEEDED);
      if (result.error === undefined) {
        succeeded += 1;
        expect(result.rows.length).toBe(ROWS);
        expect(JSON.parse(result.rows.at(-1)!)).toMatchObject({ seq: ROWS });
        expect(result.messages.at(-1)?.stats?.rows).toBe(ROWS);
      } else {
        expect(result.rows).toEqual([]);
        expectWireStatus(result.error, {
          code: status.RESOURCE_EXHAUSTED,
          reason: "TOO_MANY_STREAMS",
          category: "resource",
          retriable: true,
          hint: "FRAISEQL_WIRE_POOL_SIZE",
        });
      }
    }
    const longest = Math.max(...results.map((r) => r.endedAt - r.startedAt));
    console.info(`pool exhaustion: ${succeeded} of ${CALLS} succeeded, ${CALLS - succeeded} TOO_MANY_STREAMS, longest call ${longest} ms`);
    expect(succeeded).toBeGreaterThanOrEqual(ctx.poolSize);

    const recovery = await expectRecovered(ctx, baseline);
    console.info(`pool exhaustion: SERVING again after ${recovery.servingAfterMs} ms`);
  });
});
