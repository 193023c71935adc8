import { status } from "@grpc/grpc-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { busyBackends, eventually } from "../support/activeBackends.js";
import { expectWireStatus } from "../support/expectWireStatus.js";
import type { StreamQueryRequest } from "../../generated/fraiseql/wire/v1/query_service.js";
import { collect, request, startTestServer, type TestServer } from "../support/testServer.js";

// The server remembers the view each entity resolved to, and sends the statements that read its
// rows in the same round trip as the catalog lookup (a small limit: DECLARE, one FETCH and COMMIT; otherwise
// DECLARE and the first FETCH). The lookup still runs on every call: DDL takes effect at once.
let t: TestServer;
let sql: postgres.Sql;
beforeAll(async () => {
  t = await startTestServer({ FRAISEQL_WIRE_SCHEMAS: "cache_test" });
  sql = postgres(t.databaseUrl, { max: 2, onnotice: () => {} });
  await sql`drop schema if exists cache_test cascade`;
  await sql`create schema cache_test`;
});
afterAll(async () => {
  await t.close();
  await sql`drop schema if exists cache_test cascade`;
  await sql.end();
});

// A small limit (sent with the lookup) and a whole stream (declared after it): both paths of a call.
const SHAPES = [
  { name: "a small limit", request: { limit: 3 }, rows: 3 },
  { name: "a whole stream", request: {}, rows: 5 },
] as const;

describe("the entity → view memory stays correct under DDL", () => {
  for (const { name, request, rows } of SHAPES) {
    it(`a view redefined to a wrong shape is refused on the very next call (${name})`, async () => {
      await sql.unsafe("create or replace view cache_test.v_shape as select g as id, jsonb_build_object('n', g) as data from generate_series(1, 5) g");
      for (let i = 0; i < 2; i++) expect((await collect(t.client, { entity: "shape", ...request })).rows).toHaveLength(rows);
      await sql.unsafe("drop view cache_test.v_shape; create view cache_test.v_shape as select g as id, jsonb_build_object('n', g)::text as data from generate_series(1, 5) g");
      const { error, rows: got } = await collect(t.client, { entity: "shape", ...request });
      expect(got).toEqual([]);
      expectWireStatus(error, { code: status.FAILED_PRECONDITION, reason: "INVALID_RESULT_SCHEMA", category: "schema", retriable: false, hint: "CREATE OR REPLACE VIEW" });
      await sql.unsafe("drop view cache_test.v_shape");
    });

    it(`a view redefined to another valid shape streams its new rows on the very next call (${name})`, async () => {
      await sql.unsafe("create or replace view cache_test.v_swap as select g as id, jsonb_build_object('n', g) as data from generate_series(1, 5) g");
      for (let i = 0; i < 2; i++) expect((await collect(t.client, { entity: "swap", ...request })).rows[0]).toBe('{"n": 1}');
      // No key column any more: the remembered SQL (ordered by id) would not even run.
      await sql.unsafe("drop view cache_test.v_swap; create view cache_test.v_swap as select jsonb_build_object('m', g * 10) as data from generate_series(1, 5) g");
      const { error, rows: got } = await collect(t.client, { entity: "swap", ...request });
      expect(error).toBeUndefined();
      expect(got).toEqual(['{"m": 10}', '{"m": 20}', '{"m": 30}', '{"m": 40}', '{"m": 50}'].slice(0, rows));
      await sql.unsafe("drop view cache_test.v_swap");
    });
  }

  it("a view dropped and created again with the same shape goes on streaming", async () => {
    await sql.unsafe("create or replace view cache_test.v_again as select g as id, jsonb_build_object('n', g) as data from generate_series(1, 5) g");
    expect((await collect(t.client, { entity: "again", limit: 2 })).rows).toEqual(['{"n": 1}', '{"n": 2}']);
    await sql.unsafe("drop view cache_test.v_again");
    const gone = await collect(t.client, { entity: "again", limit: 2 });
    expectWireStatus(gone.error, { code: status.NOT_FOUND, reason: "ENTITY_NOT_FOUND", category: "schema", retriable: false, hint: "ListEntities" });
    await sql.unsafe("create view cache_test.v_again as select g as id, jsonb_build_object('n', g + 100) as data from generate_series(1, 5) g");
    expect((await collect(t.client, { entity: "again", limit: 2 })).rows).toEqual(['{"n": 101}', '{"n": 102}']);
    await sql.unsafe("drop view cache_test.v_again");
  });

  it("a small query whose view fails on a row delivers the rows before it, then QUERY_FAILED, exactly like a cursor", async () => {
    // Row 3 divides by zero. No key column: no ORDER BY, rows are produced one by one.
    await sql.unsafe("create or replace view cache_test.v_breaks as select jsonb_build_object('r', 1 / (g - 3)) as data from generate_series(1, 5) g");
    // The first call has nothing remembered (declared after the lookup); the second is sent with it
    // (its FETCH fails whole: the stream reads again as a cursor that salvages the rows before it).
    for (let i = 0; i < 2; i++) {
      const { error, rows } = await collect(t.client, { entity: "breaks", limit: 5 });
      expect(rows).toEqual(['{"r": 0}', '{"r": -1}']);
      const details = expectWireStatus(error, { code: status.FAILED_PRECONDITION, reason: "QUERY_FAILED", category: "query", retriable: false, hint: "SQLSTATE 22012" });
      expect(details.errorInfo[0]?.metadata["rowsReceived"]).toBe("2");
    }
    // The connection went back clean: the next call on it streams normally.
    for (let i = 0; i < 3; i++) expect((await collect(t.client, { entity: "breaks", limit: 2 })).rows).toEqual(['{"r": 0}', '{"r": -1}']);
    await sql.unsafe("drop view cache_test.v_breaks");
  });

  it("a small query sent with the lookup stops its FETCH when its client cancels: no backend reads on, the connection serves the next call", async () => {
    await sql.unsafe("create table cache_test.pace (slow boolean not null); insert into cache_test.pace values (false)");
    await sql.unsafe(
      "create view cache_test.v_sleepy as select g as id, jsonb_build_object('n', g) as data from generate_series(1, 3) g where pg_sleep(case when (select slow from cache_test.pace) then 30 else 0 end) is not null",
    );
    // Remembered by a first call; then each row takes 30 s.
    expect((await collect(t.client, { entity: "sleepy", limit: 2 })).rows).toHaveLength(2);
    await sql.unsafe("update cache_test.pace set slow = true");
    for (let i = 0; i < 3; i++) {
      const call = t.client.streamQuery(request({ entity: "sleepy", limit: 2 }));
      const ended = new Promise<number>((resolve) => call.on("error", (e: { code: number }) => resolve(e.code)));
      call.on("data", () => {});
      await eventually(() => busyBackends(sql), (b) => b.some((x) => x.state === "active" && x.query.startsWith("fetch")));
      call.cancel();
      expect(await ended).toBe(status.CANCELLED);
      expect(await eventually(() => busyBackends(sql), (b) => b.length === 0, 4000)).toEqual([]);
    }
    await sql.unsafe("update cache_test.pace set slow = false");
    expect((await collect(t.client, { entity: "sleepy", limit: 2 })).rows).toHaveLength(2);
    await sql.unsafe("drop view cache_test.v_sleepy; drop table cache_test.pace");
  });

  for (const keyed of [true, false]) {
    it(`a small query sent with the lookup sends the chunks, first_row_index and resume tokens of one declared after it, and a token resumes through it (${keyed ? "keyset" : "offset"} positions)`, async () => {
      const view = keyed ? "tokens_keyed" : "tokens_nokey";
      await sql.unsafe(`create or replace view cache_test.v_${view} as select ${keyed ? "g as id, " : ""}jsonb_build_object('n', g, 'k', g % 3) as data from generate_series(1, 50) g`);
      const query: Partial<StreamQueryRequest> = { entity: view, orderBy: "k desc, n", limit: 20, chunkRows: 3 };
      // Nothing remembered on the first call: declared after the lookup. The second is sent with it.
      const cursor = await collect(t.client, query);
      const single = await collect(t.client, query);
      expect(cursor.error ?? single.error).toBeUndefined();
      const shown = (m: (typeof cursor.messages)[number]) => ({ rows: m.rows, firstRowIndex: m.firstRowIndex, token: Buffer.from(m.resumeToken).toString("hex") });
      expect(single.messages.map(shown)).toEqual(cursor.messages.map(shown));
      expect(single.rows).toHaveLength(20);
      // Resumed with 20 - 6 rows left: within the first fetch, so sent with the lookup again, after the position.
      const cut = single.messages[1]!;
      const rest = await collect(t.client, { ...query, resumeToken: cut.resumeToken });
      expect(rest.error).toBeUndefined();
      expect(rest.rows).toEqual(single.rows.slice(6));
      expect(rest.messages.map(shown)).toEqual(single.messages.slice(2).map(shown));
      await sql.unsafe(`drop view cache_test.v_${view}`);
    });
  }
});
