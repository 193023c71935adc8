import { status } from "@grpc/grpc-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeDetails } from "../support/decodeDetails.js";
import { collect, rowsOf, startTestServer, type TestServer } from "../support/testServer.js";

let t: TestServer;
let sql: postgres.Sql;

beforeAll(async () => {
  t = await startTestServer();
  sql = postgres(t.databaseUrl, { max: 2, onnotice: () => {} });
});
afterAll(async () => {
  await t.close();
  await sql.end();
});

describe("StreamQuery", () => {
  it("streams every row of an entity and ends with a stats message", async () => {
    const outcome = await collect(t.client, { entity: "items", orderBy: "name" });
    expect(outcome.error).toBeUndefined();
    expect(outcome.rows).toHaveLength(10);
    const last = outcome.messages.at(-1)!;
    expect(last.rows).toEqual([]);
    expect(last.stats?.rows).toBe(10);
    expect(last.firstRowIndex).toBe(10);
    expect(last.stats?.bytes).toBe(outcome.rows.reduce((n, r) => n + Buffer.byteLength(r), 0));
    expect(last.stats?.messages).toBe(outcome.messages.length);
    expect(outcome.messages.slice(0, -1).every((m) => m.stats === undefined)).toBe(true);
  });

  it("ends an empty result with exactly one stats message", async () => {
    const outcome = await collect(t.client, { entity: "items", filter: 'name = "no such name"' });
    expect(outcome.error).toBeUndefined();
    expect(outcome.messages).toHaveLength(1);
    expect(outcome.messages[0]!.stats?.rows).toBe(0);
    expect(outcome.messages[0]!.firstRowIndex).toBe(0);
  });

  it("resolves a bare name in schema search order and a qualified name in its schema", async () => {
    expect(await rowsOf(t.client, { entity: "snapshots", orderBy: "n" })).toEqual([1, 2, 3, 4, 5].map((n) => ({ n })));
    expect(await rowsOf(t.client, { entity: "wire_test.items", limit: 1, orderBy: "name" })).toEqual([expect.objectContaining({ name: "alpha" })]);
  });

  it("streams a view without a key column", async () => {
    expect(await rowsOf(t.client, { entity: "nokey", orderBy: "name" })).toHaveLength(3);
  });

  it("orders by dotted paths, descending, missing values last", async () => {
    const rows = (await rowsOf(t.client, { entity: "numbers", orderBy: "bucket desc, n", limit: 3 })) as Array<{ n: number }>;
    expect(rows.map((r) => r.n)).toEqual([9, 19, 29]);
    const byOwner = (await rowsOf(t.client, { entity: "items", orderBy: "owner.name, name" })) as Array<{ name?: string }>;
    expect(byOwner.map((r) => r.name)).toEqual(["alpha", "eta", "gamma", "theta", "beta", "epsilon", "delta", "zeta", undefined, undefined]);
  });

  it("pages with limit and offset without gaps or repeats", async () => {
    const pages: unknown[] = [];
    for (let offset = 0; offset < 100; offset += 30) {
      pages.push(...(await rowsOf(t.client, { entity: "numbers", orderBy: "n", limit: 30, offset })));
    }
    expect(pages.slice(0, 100)).toEqual(Array.from({ length: 100 }, (_, i) => expect.objectContaining({ n: i + 1 })));
  });

  it("caps messages by rows and numbers them with first_row_index", async () => {
    const outcome = await collect(t.client, { entity: "numbers", orderBy: "n", limit: 1000, chunkRows: 7 });
    const data = outcome.messages.slice(0, -1);
    expect(data.every((m) => m.rows.length <= 7)).toBe(true);
    let index = 0;
    for (const m of data) {
      expect(m.firstRowIndex).toBe(index);
      index += m.rows.length;
    }
    expect(index).toBe(1000);
  });

  it("caps messages by bytes", async () => {
    const outcome = await collect(t.client, { entity: "numbers", orderBy: "n", limit: 2000, chunkBytes: 2048 });
    expect(outcome.error).toBeUndefined();
    const data = outcome.messages.slice(0, -1);
    expect(data.length).toBeGreaterThan(20);
    for (const m of data) expect(m.rows.reduce((n, r) => n + Buffer.byteLength(r) + 2, 0)).toBeLessThanOrEqual(2048);
  });

  it("clamps chunk_rows to the server maximum", async () => {
    const small = await startTestServer({ FRAISEQL_WIRE_MAX_CHUNK_ROWS: "50", FRAISEQL_WIRE_CHUNK_ROWS: "10" });
    try {
      const outcome = await collect(small.client, { entity: "numbers", limit: 500, chunkRows: 1_000_000 });
      expect(Math.max(...outcome.messages.map((m) => m.rows.length))).toBe(50);
      const defaults = await collect(small.client, { entity: "numbers", limit: 500 });
      expect(Math.max(...defaults.messages.map((m) => m.rows.length))).toBe(10);
    } finally {
      await small.close();
    }
  });

  it("sends JSON byte-for-byte as PostgreSQL renders it: unicode, escapes, numbers", async () => {
    const expected = (await sql`select data::text as t from wire_test.v_texts order by id`).map((r) => r["t"] as string);
    const outcome = await collect(t.client, { entity: "texts", orderBy: "" });
    const got = outcome.rows.sort();
    expect(got).toEqual([...expected].sort());
    expect(got.some((r) => r.includes("漢字 🎉"))).toBe(true);
  });

  it("keeps a json column's text as stored (whitespace, key order, duplicate keys)", async () => {
    const rows = (await collect(t.client, { entity: "raw_json", orderBy: "" })).rows;
    expect(rows).toContain('{ "b" : 1,   "a" : [ 1 , 2 ] }');
    expect(rows).toContain('{"a": "x", "a": "duplicate keys survive in json"}');
  });

  it("filters and orders a json (not jsonb) view", async () => {
    expect((await collect(t.client, { entity: "raw_json", filter: "n >= 10", orderBy: "n desc" })).rows).toEqual(['{"n": 10}']);
  });

  it("streams a 1 MB row under the default message cap", async () => {
    const outcome = await collect(t.client, { entity: "blobs", filter: 'kind = "one_mb"' });
    expect(outcome.error).toBeUndefined();
    expect(outcome.rows).toHaveLength(1);
    expect(Buffer.byteLength(outcome.rows[0]!)).toBeGreaterThan(1_000_000);
  });

  it("refuses a row larger than the message cap with ROW_TOO_LARGE after the rows before it", async () => {
    const outcome = await collect(t.client, { entity: "blobs", orderBy: "" });
    expect(outcome.error?.code).toBe(status.OUT_OF_RANGE);
    const info = decodeDetails(outcome.error!).errorInfo[0]!;
    expect(info.reason).toBe("ROW_TOO_LARGE");
    expect(outcome.error?.details).toMatch(/row 2 is \d+ bytes, larger than the message cap of 1048576 bytes/);
    expect(outcome.error?.details).toMatch(/chunk_bytes/);
    expect(info.metadata["rowsReceived"]).toBe(String(outcome.rows.length));
    expect(outcome.rows).toHaveLength(2);
  });

  it("streams the 2 MB row when the client raises chunk_bytes", async () => {
    const outcome = await collect(t.client, { entity: "blobs", filter: 'kind = "two_mb"', chunkBytes: 4_000_000 });
    expect(outcome.error).toBeUndefined();
    expect(outcome.rows).toHaveLength(1);
  });
});

describe("ListEntities", () => {
  it("lists the streamable views of the exposed schemas with type and key column", async () => {
    const response = await new Promise<import("../../generated/fraiseql/wire/v1/query_service.js").ListEntitiesResponse>((resolve, reject) =>
      t.client.listEntities({ schema: "wire_test" }, (e, r) => (e ? reject(e) : resolve(r!))),
    );
    const byName = new Map(response.entities.map((e) => [e.name, e]));
    expect(byName.get("items")).toMatchObject({ schema: "wire_test", view: "v_items", dataType: 2, keyColumn: "id", qualifiedName: "wire_test.items" });
    expect(byName.get("raw_json")?.dataType).toBe(1);
    expect(byName.get("nokey")?.keyColumn).toBe("");
    expect(byName.get("snapshots")?.view).toBe("tv_snapshots");
    for (const bad of ["no_data", "text_data", "extra_column", "hidden"]) expect(byName.has(bad)).toBe(false);
  });

  it("refuses a schema that is not exposed", async () => {
    const error = await new Promise<import("@grpc/grpc-js").ServiceError>((resolve) => t.client.listEntities({ schema: "pg_catalog" }, (e) => resolve(e!)));
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.details).toMatch(/not exposed/);
  });
});
