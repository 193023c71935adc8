import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BatchPacker } from "../../src/stream/BatchPacker.js";
import { fetchBatches } from "../../src/stream/fetchBatches.js";
import type { FetchPlan } from "../../src/stream/FetchPlan.js";
import { StatementGuard } from "../../src/stream/StatementGuard.js";
import { TransactionClock, type HopReason } from "../../src/stream/TransactionClock.js";

// The stream layer on a real connection, where the test decides when its consumer reads: a stream
// parked at a yield (its client not reading) while the transaction-age timer waits for the prefetch
// in flight. Stopping the stream then (a cancel, a deadline, a server shutting down) must cancel that
// prefetch, not wait for it: waiting held a FETCH running past a server's exit (the fault suite's
// SIGTERM scenario, with FRAISEQL_WIRE_MAX_TRANSACTION_MS on).
const url = inject("databaseUrl");
let sql: postgres.Sql<Record<string, never>>;
let watcher: postgres.Sql;

beforeAll(() => {
  sql = postgres(url, { max: 1, onnotice: () => {} }) as unknown as postgres.Sql<Record<string, never>>;
  watcher = postgres(url, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await sql.end({ timeout: 1 });
  await watcher.end({ timeout: 1 });
});

// Rows 1 and 2 at once; every later row sleeps 30 s, so the prefetch of row 3 on runs for minutes.
const SLOW_AFTER_TWO = "select case when g > 2 then (select pg_sleep(30))::text || g else g::text end as data from generate_series(1, 10) g";
const PLAN: FetchPlan = { firstFetchRows: 2, fetchBytes: 1_000, maxFetchRows: 100, fetchTargetMs: 0 };
const MAX_AGE_MS = 400;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("bounded transaction age: a stream stopped while parked", () => {
  // Random moments: before the clock's timer fires (a quarter of the age), while its hop waits for the
  // prefetch, and long after.
  it.each(Array.from({ length: 40 }, (_, i) => i))("stops at once and cancels the prefetch the hop was waiting for (run %i)", { timeout: 15_000 }, async () => {
    const conn = await sql.reserve();
    const [{ pid }] = await conn<{ pid: number }[]>`select pg_backend_pid() as pid`;
    try {
      await conn.unsafe("begin transaction isolation level repeatable read read only");
      await conn.unsafe(`declare rows_c no scroll cursor for ${SLOW_AFTER_TWO}`);
      const stop = new AbortController();
      const guard = new StatementGuard(stop.signal, 0, 5_000);
      const hops: HopReason[] = [];
      const clock = new TransactionClock(MAX_AGE_MS, () => guard.end(conn.unsafe("commit").execute()).then(() => undefined), (reason) => hops.push(reason));
      const packerFor = (rowIndex: number) => new BatchPacker({ maxRows: 100, maxBytes: 1 << 20, serverMaxBytes: 1 << 20 }, 0, rowIndex);
      const batches = fetchBatches(conn, "rows_c", PLAN, guard, () => false, async () => {}, packerFor, clock);

      const first = await batches.next();
      expect(first.done).toBe(false);
      expect(first.value!.rows).toBe(2);
      // Parked at the yield with the slow prefetch in flight; the consumer does not read.
      await sleep(Math.random() * 3 * (MAX_AGE_MS / 4));
      stop.abort(new Error("the call ended"));
      await batches.return(undefined);
      await clock.dispose();

      // The FETCH was cancelled and has ended: the backend runs nothing, and no hop committed.
      const [backend] = await watcher<{ state: string }[]>`select state from pg_stat_activity where pid = ${pid}`;
      expect(backend!.state).not.toBe("active");
      expect(hops).toEqual([]);
      expect(clock.hopped).toBe(false);
    } finally {
      await conn.unsafe("rollback").catch(() => {});
      conn.release();
    }
  });
});
