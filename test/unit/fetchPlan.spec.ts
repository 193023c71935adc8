import { describe, expect, it } from "vitest";
import { nextFetchRows, type FetchPlan } from "../../src/stream/FetchPlan.js";

const plan: FetchPlan = { firstFetchRows: 64, fetchBytes: 2 * 1024 * 1024, maxFetchRows: 20_000, fetchTargetMs: 250 };

describe("fetch sizing", () => {
  it("starts small, then sizes by bytes on a fast link", () => {
    expect(nextFetchRows(plan, 0, 0)).toBe(64);
    // 64 rows of 200 B in 1 ms: the byte target (10,485 rows) is far below the rate cap.
    expect(nextFetchRows(plan, 64, 64 * 200, { rows: 64, ms: 1 })).toBe(10_485);
  });

  it("shrinks fetches on a slow link so that one takes about fetchTargetMs", () => {
    // 300 KB/s of 150 B rows: 64 rows arrive in 32 ms, so 250 ms hold 500 rows, not 2 MiB's 13,981.
    expect(nextFetchRows(plan, 64, 64 * 150, { rows: 64, ms: 32 })).toBe(500);
  });

  it("never goes below the first fetch, and sizes by bytes alone when the target is 0", () => {
    expect(nextFetchRows(plan, 64, 64 * 150, { rows: 64, ms: 5000 })).toBe(64);
    expect(nextFetchRows({ ...plan, fetchTargetMs: 0 }, 64, 64 * 150, { rows: 64, ms: 5000 })).toBe(13_981);
  });
});
