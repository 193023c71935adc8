import { Metadata, status, type ServiceError } from "@grpc/grpc-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { StreamQueryResponse } from "../../generated/fraiseql/wire/v1/query_service.js";
import { busyBackends, eventually } from "../support/activeBackends.js";
import { expectWireStatus } from "../support/expectWireStatus.js";
import { collect, request, startTestServer, type TestServer } from "../support/testServer.js";

// FRAISEQL_WIRE_COPY=on (issue 11 part 4): a whole-view stream reads through one binary COPY. These
// are the promises it must keep, through the real server and database, beside the cursor path.
const ROWS = 20_000;
const KEY = "copy-stream-spec-resume-key-0123456789abcdef";
let sql: postgres.Sql;
let copyOn: TestServer;
let cursor: TestServer;
let onePooled: TestServer;

/** Backends of this file's streams that are not idle (running, or in a transaction). */
const busy = async (): Promise<Array<{ state: string; query: string }>> => (await busyBackends(sql)).filter((b) => /copy_|^fetch|^copy/.test(b.query));

beforeAll(async () => {
  sql = postgres(inject("databaseUrl"), { max: 2, onnotice: () => {} });
  await sql.unsafe(`
    drop table if exists wire_test.copy_big cascade;
    create table wire_test.copy_big (id int primary key, data jsonb not null);
    insert into wire_test.copy_big select g, jsonb_build_object('n', g, 'q', E'quote '' and \\\\ back', 'pad', repeat('p', 150)) from generate_series(1, ${ROWS}) g;
    create view wire_test.v_copy_big as select id, data from wire_test.copy_big;
    create view wire_test.v_copy_nokey as select data from wire_test.copy_big;
    -- 2 KB more per row (44 MB in all): more than socket buffers hold, so backpressure reaches PostgreSQL.
    create view wire_test.v_copy_wide as select id, data || jsonb_build_object('wide', repeat('w', 2000)) as data from wire_test.copy_big;
    create view wire_test.v_copy_wide_nokey as select data from wire_test.v_copy_wide;
    create view wire_test.v_copy_breaks as
      select id, case when id = 15000 then jsonb_build_object('r', 1 / (id - 15000)) else data end as data from wire_test.copy_big;
    analyze wire_test.copy_big;
  `);
  const common = { FRAISEQL_WIRE_RESUME_KEY: KEY, FRAISEQL_WIRE_WORKERS: "1" };
  copyOn = await startTestServer({ ...common, FRAISEQL_WIRE_COPY: "on" });
  cursor = await startTestServer({ ...common, FRAISEQL_WIRE_COPY: "off" });
  // One connection, and batches of about 1 KiB: the COPY's readable is paused most of the time, so
  // its end often arrives while it is (the condition of postgres.js's hang).
  onePooled = await startTestServer({ ...common, FRAISEQL_WIRE_COPY: "on", FRAISEQL_WIRE_POOL_SIZE: "1", FRAISEQL_WIRE_FETCH_BYTES: "1024" });
});
afterAll(async () => {
  await copyOn?.close();
  await cursor?.close();
  await onePooled?.close();
  await sql.unsafe("drop table if exists wire_test.copy_big cascade");
  await sql.end();
});

/** The statement a paused stream's backend runs, once its first message arrived. */
async function statementOf(t: TestServer, entity: string): Promise<string> {
  const call = t.client.streamQuery(request({ entity }));
  const first = new Promise<void>((resolve) => call.once("data", () => resolve()));
  call.on("error", () => {});
  await first;
  call.pause();
  const seen = await eventually(() => busy(), (b) => b.some((x) => x.state === "active"));
  call.cancel();
  await eventually(() => busy(), (b) => b.length === 0);
  return seen.find((x) => x.state === "active")?.query ?? "";
}

describe("a whole-view stream through COPY", () => {
  it("runs as COPY with its values out of the text, where the cursor path runs FETCH", async () => {
    // The wide view: more than socket buffers hold, so the paused stream's backend is still at work.
    const text = await statementOf(copyOn, "copy_wide");
    expect(text).toMatch(/^copy \(select .*copy_wide.* to stdout \(format binary\)$/);
    expect(text).toContain("::text");
    expect(await statementOf(cursor, "copy_wide")).toMatch(/^fetch forward/);
  });

  it("sends the messages of the cursor path: the same rows, first_row_index and resume tokens", async () => {
    const [a, b] = await Promise.all([collect(copyOn.client, { entity: "copy_big" }), collect(cursor.client, { entity: "copy_big" })]);
    expect(a.error).toBeUndefined();
    expect(b.error).toBeUndefined();
    expect(a.rows).toHaveLength(ROWS);
    expect(a.rows).toEqual(b.rows);
    // Batch cuts may differ (the cursor sizes its second fetch by the first one's rate), so messages
    // are compared where both paths end one at the same row: same first_row_index, same token.
    const ends = (ms: StreamQueryResponse[]) => {
      const byEnd = new Map<number, string>();
      let next = 0;
      for (const m of ms.filter((m) => m.rows.length > 0)) {
        expect(Number(m.firstRowIndex)).toBe(next);
        expect(m.rows.length).toBeLessThanOrEqual(1000);
        next += m.rows.length;
        byEnd.set(next, Buffer.from(m.resumeToken).toString("base64"));
      }
      return byEnd;
    };
    const [viaCopy, viaCursor] = [ends(a.messages), ends(b.messages)];
    const common = [...viaCopy.keys()].filter((end) => viaCursor.has(end));
    expect(common).toContain(ROWS);
    for (const end of common) expect(viaCopy.get(end), `token of the message ending at row ${end}`).toBe(viaCursor.get(end));
    // The final stats message counts the same rows and bytes.
    const stats = (ms: StreamQueryResponse[]) => ms.at(-1)?.stats;
    expect({ rows: stats(a.messages)?.rows, bytes: stats(a.messages)?.bytes }).toEqual({ rows: stats(b.messages)?.rows, bytes: stats(b.messages)?.bytes });
  });

  it("resumes from any of its tokens exactly after that row, itself through COPY", async () => {
    const all = await collect(copyOn.client, { entity: "copy_big" });
    const withRows = all.messages.filter((m) => m.rows.length > 0);
    for (const at of [0, 3, Math.floor(withRows.length / 2), withRows.length - 2]) {
      const from = withRows[at]!;
      const next = Number(from.firstRowIndex) + from.rows.length;
      const resumed = await collect(copyOn.client, { entity: "copy_big", resumeToken: from.resumeToken });
      expect(resumed.error).toBeUndefined();
      expect(resumed.rows).toEqual(all.rows.slice(next));
      expect(Number(resumed.messages.find((m) => m.rows.length > 0)?.firstRowIndex)).toBe(next);
    }
  });

  it("a view without a key column streams through COPY where statement_timeout is off, rows as the cursor gives them", async () => {
    const t = await startTestServer({ FRAISEQL_WIRE_COPY: "on", FRAISEQL_WIRE_STATEMENT_TIMEOUT_MS: "0", FRAISEQL_WIRE_WORKERS: "1" });
    try {
      expect(await statementOf(t, "copy_wide_nokey")).toMatch(/^copy \(/);
      const [a, b] = await Promise.all([collect(t.client, { entity: "copy_nokey" }), collect(cursor.client, { entity: "copy_nokey" })]);
      expect(a.error).toBeUndefined();
      expect([...a.rows].sort()).toEqual([...b.rows].sort());
      expect(a.rows).toHaveLength(ROWS);
    } finally {
      await t.close();
    }
  });

  it("a row that fails mid-COPY: every row before it arrives, then QUERY_FAILED with its resume position, as on the cursor path", async () => {
    for (const t of [copyOn, cursor]) {
      const { rows, error } = await collect(t.client, { entity: "copy_breaks" });
      expect(rows).toHaveLength(14_999);
      expect(JSON.parse(rows.at(-1)!)).toMatchObject({ n: 14_999 });
      const details = expectWireStatus(error, { code: status.FAILED_PRECONDITION, reason: "QUERY_FAILED", category: "query", retriable: false, hint: "SQLSTATE 22012" });
      expect(details.errorInfo[0]?.metadata["rowsReceived"]).toBe("14999");
    }
    expect(await eventually(() => busy(), (b) => b.length === 0)).toEqual([]);
    expect((await collect(copyOn.client, { entity: "copy_big", limit: 3 })).rows).toHaveLength(3);
  });

  it("backpressure: a client that stops reading stops PostgreSQL (its backend waits to write), and reading on finishes the stream", async () => {
    const call = copyOn.client.streamQuery(request({ entity: "copy_wide", chunkRows: 100 }));
    const rows: string[] = [];
    let paused = false;
    const ended = new Promise<ServiceError | undefined>((resolve) => {
      call.on("error", (e: ServiceError) => resolve(e));
      call.on("end", () => resolve(undefined));
    });
    call.on("data", (m: StreamQueryResponse) => {
      rows.push(...m.rows);
      if (!paused) {
        paused = true;
        call.pause();
      }
    });
    const waiting = await eventually(
      async () => (await sql<{ wait_event: string | null }[]>`select wait_event from pg_stat_activity where application_name = 'fraiseql-wire' and query like 'copy (%copy_wide%'`).map((r) => r.wait_event),
      (events) => events.includes("ClientWrite"),
    );
    expect(waiting).toContain("ClientWrite");
    // Memory stays bounded meanwhile: the server holds about two batches, not the view.
    expect(rows.length).toBeLessThan(ROWS / 2);
    call.resume();
    expect(await ended).toBeUndefined();
    expect(rows).toHaveLength(ROWS);
  });

  it("a cancel storm: 3 waves of 8 streams cancelled at random points leave no backend running and no transaction open", async () => {
    for (let wave = 0; wave < 3; wave++) {
      const cancelled = await Promise.all(
        Array.from({ length: 8 }, async (_, i) => {
          const call = copyOn.client.streamQuery(request({ entity: i % 2 === 0 ? "copy_big" : "copy_wide", chunkRows: 50 }));
          const after = 1 + ((i * 7 + wave * 5) % 13);
          let seen = 0;
          return new Promise<number>((resolve) => {
            call.on("data", () => {
              seen += 1;
              if (seen === after) call.cancel();
            });
            call.on("error", (e: ServiceError) => resolve(e.code));
            call.on("end", () => resolve(status.OK));
          });
        }),
      );
      expect(cancelled.filter((code) => code !== status.CANCELLED)).toEqual([]);
      expect(await eventually(() => busy(), (b) => b.length === 0)).toEqual([]);
    }
    const after = await collect(copyOn.client, { entity: "copy_big" });
    expect(after.error).toBeUndefined();
    expect(after.rows).toHaveLength(ROWS);
  });

  it("postgres.js's hang after backpressure (porsager/postgres #499), looped: each stream on the one pooled connection, read with random pauses, then the next", async () => {
    for (let i = 0; i < 12; i++) {
      const rows: string[] = [];
      const outcome = await new Promise<ServiceError | "hang" | undefined>((resolve) => {
        const timer = setTimeout(() => resolve("hang"), 20_000);
        const call = onePooled.client.streamQuery(request({ entity: "copy_big", chunkRows: 500 }), new Metadata());
        call.on("data", (m: StreamQueryResponse) => {
          rows.push(...m.rows);
          if ((i + rows.length / 500) % 3 === 0) {
            call.pause();
            setTimeout(() => call.resume(), 5 + ((i * 13) % 40));
          }
        });
        call.on("error", (e: ServiceError) => (clearTimeout(timer), resolve(e)));
        call.on("end", () => (clearTimeout(timer), resolve(undefined)));
      });
      expect(outcome, `loop ${i}`).toBeUndefined();
      expect(rows).toHaveLength(ROWS);
      // The next statement on that connection answers (a small query: one round trip, no COPY).
      expect((await collect(onePooled.client, { entity: "copy_big", limit: 2 })).rows).toHaveLength(2);
    }
  });

  it("bounded transaction age: the COPY is ended by cancel and the stream goes on from its last row in a new transaction; the rows are exact", async () => {
    const t = await startTestServer({ FRAISEQL_WIRE_COPY: "on", FRAISEQL_WIRE_MAX_TRANSACTION_MS: "600", FRAISEQL_WIRE_WORKERS: "1" });
    const transactions = new Set<string>();
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const rows = await sql<{ started: string }[]>`select xact_start::text as started from pg_stat_activity where application_name = 'fraiseql-wire' and query like 'copy (%copy_big%' and xact_start is not null`;
        for (const row of rows) transactions.add(row.started);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    try {
      const rows: string[] = [];
      const error = await new Promise<ServiceError | undefined>((resolve) => {
        const call = t.client.streamQuery(request({ entity: "copy_big", chunkRows: 200 }));
        call.on("data", (m: StreamQueryResponse) => {
          rows.push(...m.rows);
          call.pause();
          setTimeout(() => call.resume(), 8);
        });
        call.on("error", (e: ServiceError) => resolve(e));
        call.on("end", () => resolve(undefined));
      });
      expect(error).toBeUndefined();
      const expected = await sql<{ data: string }[]>`select data::text as data from wire_test.copy_big order by id`;
      expect(rows).toEqual(expected.map((r) => r.data));
      expect(transactions.size).toBeGreaterThan(1);
    } finally {
      watching = false;
      await watcher;
      await t.close();
    }
  });
});
