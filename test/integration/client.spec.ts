import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, exists, ge, has, not, or, WireClient, WireClientError, desc } from "../../src/client/index.js";
import { startTestServer, type TestServer } from "../support/testServer.js";

interface Item {
  name?: string;
  status?: unknown;
  priority?: unknown;
}

let t: TestServer;
let client: WireClient;

beforeAll(async () => {
  t = await startTestServer();
  client = new WireClient(t.address);
});
afterAll(async () => {
  client.close();
  await t.close();
});

const names = (rows: Item[]): (string | undefined)[] => rows.map((r) => r.name);

describe("WireClient queries", () => {
  it("streams parsed rows with for await", async () => {
    const rows: Item[] = [];
    for await (const row of client.query<Item>("items").orderBy("name")) rows.push(row);
    expect(rows).toHaveLength(10);
    expect(rows[0]).toMatchObject({ name: "alpha", owner: { name: "Ada" } });
  });

  it("filters on the server with built filters, raw text, and several where() calls ANDed", async () => {
    const active = client.query<Item>("items").where(eq("status", "active")).orderBy("name");
    expect(names(await active.toArray())).toEqual(["alpha", "epsilon", "gamma", "theta"]);
    expect(names(await active.where(ge("priority", 3)).toArray())).toEqual(["alpha", "theta"]);
    expect(names(await active.where('owner.name = "Ada"').toArray())).toEqual(["alpha", "gamma"]);
    const mixed = client.query<Item>("items").where(or(and(has("tags", "red"), not(eq("status", "active"))), exists("items"))).orderBy("name");
    expect(names(await mixed.toArray())).toEqual(["delta", "eta"]);
  });

  it("quotes awkward keys and values so callers never escape anything", async () => {
    const rows = await client.query("texts").where(eq("s", 'quote " backslash \\ slash / tab \t newline \n cr \r')).toArray();
    expect(rows).toHaveLength(1);
  });

  it("orders, limits and pages with offset without gaps or repeats", async () => {
    const byPriority = await client.query<Item>("items").where(ge("priority", 0)).orderBy(desc("priority"), "name").limit(3).toArray();
    expect(names(byPriority)).toEqual(["alpha", "zeta", "beta"]);
    const page = (n: number) => client.query<{ n: number }>("numbers").orderBy("n").limit(25).offset(n * 25).toArray();
    const pages = [...(await page(0)), ...(await page(1)), ...(await page(2))];
    expect(pages.map((r) => r.n)).toEqual(Array.from({ length: 75 }, (_, i) => i + 1));
  });

  it("builder methods return new queries and leave the original untouched", async () => {
    const base = client.query<{ n: number }>("numbers").orderBy("n");
    const limited = base.limit(2);
    expect(limited).not.toBe(base);
    expect(base.spec.limit).toBe(0);
    expect(Object.isFrozen(limited.spec)).toBe(true);
    expect((await limited.toArray()).map((r) => r.n)).toEqual([1, 2]);
    expect((await base.offset(5).limit(1).toArray()).map((r) => r.n)).toEqual([6]);
  });

  it("raw() yields the JSON text exactly as PostgreSQL renders it", async () => {
    const texts: string[] = [];
    for await (const text of client.query("raw_json").orderBy("n").raw()) texts.push(text);
    expect(texts).toContain('{ "b" : 1,   "a" : [ 1 , 2 ] }');
    expect(texts).toContain('{"a": "x", "a": "duplicate keys survive in json"}');
  });

  it("chunks() yields messages capped by chunkRows and chunkBytes, then the stats", async () => {
    const byRows = [];
    for await (const chunk of client.query("numbers").orderBy("n").limit(100).chunkRows(30).chunks()) byRows.push(chunk);
    const data = byRows.slice(0, -1);
    expect(data.every((c) => c.rows.length > 0 && c.rows.length <= 30)).toBe(true);
    let next = 0;
    for (const chunk of data) {
      expect(chunk.firstRowIndex).toBe(next);
      next += chunk.rows.length;
    }
    expect(byRows.at(-1)).toMatchObject({ rows: [], firstRowIndex: 100, stats: { rows: 100, messages: byRows.length } });
    let largest = 0;
    for await (const chunk of client.query("numbers").limit(1000).chunkBytes(2048).chunks()) {
      largest = Math.max(largest, chunk.rows.reduce((n, r) => n + Buffer.byteLength(r), 0));
    }
    expect(largest).toBeGreaterThan(1024);
    expect(largest).toBeLessThanOrEqual(2048);
  });

  it("filterRows() runs a predicate on the client, in raw() too", async () => {
    const rows = await client.query<{ n: number }>("numbers").orderBy("n").limit(100).filterRows((r) => r.n % 25 === 0).toArray();
    expect(rows.map((r) => r.n)).toEqual([25, 50, 75, 100]);
    const texts = [];
    for await (const text of client.query<{ n: number }>("numbers").orderBy("n").limit(10).filterRows((r) => r.n === 3).raw()) texts.push(text);
    expect(texts).toEqual(['{"n": 3, "even": false, "label": "row-3", "bucket": 3}']);
  });

  it("validate() accepts a type guard and zod-like schemas, whose output replaces the row", async () => {
    const isN = (row: unknown): row is { n: number } => typeof (row as { n?: unknown }).n === "number";
    expect(await client.query("numbers").limit(3).validate(isN).toArray()).toHaveLength(3);
    const safe = { safeParse: (row: unknown) => ({ success: true as const, data: { doubled: (row as { n: number }).n * 2 } }) };
    expect(await client.query("numbers").orderBy("n").limit(2).validate(safe).toArray()).toEqual([{ doubled: 2 }, { doubled: 4 }]);
    const parse = { parse: (row: unknown) => String((row as { n: number }).n) };
    expect(await client.query("numbers").orderBy("n").limit(2).validate(parse).toArray()).toEqual(["1", "2"]);
  });

  it("validate() fails with the index of the first bad row and cancels the stream", async () => {
    const named = { parse: (row: unknown) => {
      if (typeof (row as { name?: unknown })?.name !== "string") throw new Error("name must be a string");
      return row;
    } };
    const error = await client.query("items").orderBy("name").validate(named).toArray().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WireClientError);
    expect(error).toMatchObject({ reason: "ROW_VALIDATION_FAILED", rowIndex: 8, retriable: false, category: "schema" });
    expect((error as Error).message).toContain("row 8");
    expect((error as Error).message).toContain("name must be a string");
  });

  it("lists entities with their data type and key column", async () => {
    const entities = await client.listEntities("wire_test");
    expect(entities).toContainEqual({ name: "items", schema: "wire_test", view: "v_items", dataType: "jsonb", keyColumn: "id", qualifiedName: "wire_test.items" });
    expect(entities).toContainEqual(expect.objectContaining({ name: "raw_json", dataType: "json" }));
    expect(entities).toContainEqual(expect.objectContaining({ name: "nokey", keyColumn: undefined }));
  });
});
