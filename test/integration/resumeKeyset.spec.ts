import { credentials, Metadata } from "@grpc/grpc-js";
import fc from "fast-check";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { QueryServiceClient, type StreamQueryResponse } from "../../generated/fraiseql/wire/v1/query_service.js";
import { freePort } from "../../perf/support/freePort.js";
import { spawnServer } from "../../perf/support/serverProcess.js";
import { scrapeMetrics } from "../support/scrapeMetrics.js";
import { databaseUrlFor } from "../support/databaseUrlFor.js";
import { documentArbitrary } from "../support/filterArbitrary.js";
import { collect, startTestServer, type TestServer } from "../support/testServer.js";

// Keyset resumption is exact at every boundary (issue 10, tests 4 and 5) and bounds the age of a
// stream's transaction (FRAISEQL_WIRE_MAX_TRANSACTION_MS).
let t: TestServer;
let admin: postgres.Sql;

beforeAll(async () => {
  admin = postgres(inject("databaseUrl"), { max: 2, onnotice: () => {} });
  t = await startTestServer();
  await admin`drop table if exists wire_test.keyset_docs cascade`;
  await admin`create table wire_test.keyset_docs (id int primary key, data jsonb not null)`;
  // Few distinct values per field, missing fields and mixed JSON types: ties everywhere.
  const documents = fc.sample(documentArbitrary, { numRuns: 120, seed: 10 });
  for (const [i, document] of documents.entries()) {
    await admin`insert into wire_test.keyset_docs values (${i + 1}, ${JSON.stringify({ id: i + 1, ...document })}::text::jsonb)`;
  }
  await admin`create view wire_test.v_keyset_docs as select id, data from wire_test.keyset_docs`;
});
afterAll(async () => {
  await t.close();
  await admin`drop table if exists wire_test.keyset_docs cascade`;
  await admin.end();
});

const idOf = (row: string) => (JSON.parse(row) as { id: number }).id;

describe("keyset resume", () => {
  it("continues exactly after any message, for any ordering of up to three keys in either direction (fast-check)", async () => {
    const paths = ["n", "s", "mixed", "tags", "obj.k", "obj.s", "arr.0", "absent"];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...paths), fc.constantFrom("asc", "desc")), { minLength: 0, maxLength: 3 }),
        fc.integer({ min: 1, max: 9 }),
        fc.nat(),
        fc.constantFrom(0, 0, 50),
        async (terms, chunkRows, cutSeed, limit) => {
          const query = { entity: "keyset_docs", orderBy: terms.map(([p, d]) => `${p} ${d}`).join(", "), chunkRows, limit };
          const whole = await collect(t.client, query);
          if (whole.error !== undefined) throw whole.error;
          const withRows = whole.messages.filter((m) => m.rows.length > 0);
          if (withRows.length === 0) return;
          const cut = withRows[cutSeed % withRows.length]!;
          const rest = await collect(t.client, { ...query, resumeToken: cut.resumeToken });
          if (rest.error !== undefined) throw rest.error;
          const sent = cut.firstRowIndex + cut.rows.length;
          expect(rest.rows.map(idOf), query.orderBy).toEqual(whole.rows.slice(sent).map(idOf));
        },
      ),
      { seed: 10, numRuns: 80 },
    );
  });

  it("under concurrent inserts, updates of other fields and deletes: no row twice, and every row that stayed arrives once, in order", async () => {
    await admin`drop table if exists wire_test.moving cascade`;
    await admin`create table wire_test.moving (id int primary key, data jsonb not null)`;
    await admin`insert into wire_test.moving select g, jsonb_build_object('bucket', g % 5, 'n', g, 'v', 0) from generate_series(1, 2000) g`;
    await admin`create view wire_test.v_moving as select id, data from wire_test.moving`;
    try {
      const query = { entity: "moving", orderBy: "bucket desc, n", chunkRows: 100 };
      // The rows a client had received when it stopped after the 7th message.
      const first = await collect(t.client, query);
      const cut = first.messages.filter((m) => m.rows.length > 0)[6]!;
      const nOf = (row: string) => (JSON.parse(row) as { n: number }).n;
      const before = first.rows.slice(0, cut.firstRowIndex + cut.rows.length).map(nOf);
      // While "paused": new rows on both sides of the cut, other fields changed, rows deleted.
      await admin`insert into wire_test.moving select g, jsonb_build_object('bucket', g % 5, 'n', g, 'v', 1) from generate_series(2001, 2300) g`;
      await admin`update wire_test.moving set data = jsonb_set(data, '{v}', '7') where id % 3 = 0`;
      await admin`delete from wire_test.moving where id % 11 = 0`;
      const rest = await collect(t.client, { ...query, resumeToken: cut.resumeToken });
      expect(rest.error).toBeUndefined();
      const after = rest.rows.map(nOf);
      const all = [...before, ...after];
      expect(new Set(all).size).toBe(all.length);
      // The stable set: rows that existed throughout (not inserted, not deleted).
      const stable = Array.from({ length: 2000 }, (_, i) => i + 1).filter((id) => id % 11 !== 0);
      for (const id of stable) expect(all.includes(id), `row ${id}`).toBe(true);
      // And the order is the query's: bucket desc, then n.
      const key = (id: number) => [id % 5, id] as const;
      for (let i = 1; i < all.length; i++) {
        const [b0, n0] = key(all[i - 1]!);
        const [b1, n1] = key(all[i]!);
        expect(b0 > b1 || (b0 === b1 && n0 < n1), `${all[i - 1]} before ${all[i]}`).toBe(true);
      }
    } finally {
      await admin`drop table if exists wire_test.moving cascade`;
    }
  });
});

describe("bounded transaction age", () => {
  it("a client paused for 3x FRAISEQL_WIRE_MAX_TRANSACTION_MS, then reading slowly, never holds a transaction past it; the rows are exact", async () => {
    await admin`drop table if exists wire_test.aging cascade`;
    await admin`create table wire_test.aging (id int primary key, data jsonb not null)`;
    await admin`insert into wire_test.aging select g, jsonb_build_object('n', g, 'pad', repeat('a', 400)) from generate_series(1, 4000) g`;
    await admin`create view wire_test.v_aging as select id, data from wire_test.aging`;
    // A role of its own, so that only this server's transactions are watched.
    await admin.unsafe(`do $$ begin if not exists (select from pg_roles where rolname = 'wire_test_aging') then create role wire_test_aging login password 'aging-Pw-1'; end if; end $$`);
    await admin.unsafe("grant usage on schema wire_test to wire_test_aging; grant select on wire_test.v_aging to wire_test_aging");
    const limitMs = 1000;
    const metricsPort = await freePort();
    // The built server in its own process, with its Prometheus endpoint: each hop is counted.
    const s = await spawnServer({
      DATABASE_URL: databaseUrlFor(inject("databaseUrl"), { user: "wire_test_aging", password: "aging-Pw-1" }),
      FRAISEQL_WIRE_SCHEMAS: "wire_test",
      FRAISEQL_WIRE_MAX_TRANSACTION_MS: String(limitMs),
      // Small fetches, so that the stream keeps needing its transaction while the client dawdles.
      FRAISEQL_WIRE_FETCH_BYTES: "20000",
      FRAISEQL_WIRE_METRICS_LISTEN: `127.0.0.1:${metricsPort}`,
    });
    const client = new QueryServiceClient(s.address, credentials.createInsecure());
    const hops = async (reason: string): Promise<number> => (await scrapeMetrics(`http://127.0.0.1:${metricsPort}/metrics`)).value("fraiseql_wire_transaction_hops_total", { fraiseql_hop_reason: reason });
    let oldest = 0;
    const transactions = new Set<string>();
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const rows = await admin<{ age: number; started: string }[]>`
          select extract(epoch from clock_timestamp() - xact_start) * 1000 as age, xact_start::text as started
          from pg_stat_activity where usename = 'wire_test_aging' and xact_start is not null`;
        for (const row of rows) {
          oldest = Math.max(oldest, Number(row.age));
          transactions.add(row.started);
        }
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    try {
      const rows: string[] = [];
      await new Promise<void>((resolve, reject) => {
        const call = client.streamQuery({ entity: "aging", filter: "", orderBy: "", limit: 0, offset: 0, chunkRows: 25, chunkBytes: 0, resumeToken: Buffer.alloc(0) }, new Metadata());
        let messages = 0;
        call.on("data", (m: StreamQueryResponse) => {
          rows.push(...m.rows);
          messages += 1;
          call.pause();
          // One pause of 3x the limit, then a slow reader.
          setTimeout(() => call.resume(), messages === 3 ? 3 * limitMs : 15);
        });
        call.on("error", reject);
        call.on("end", () => resolve());
      });
      const expected = await admin<{ data: string }[]>`select data::text as data from wire_test.aging order by id`;
      expect(rows).toEqual(expected.map((row) => row.data));
      // The pause ended its transaction for being idle; the slow reading, for its age. One hop for
      // every transaction after the first (the watcher may miss a short one: at least those it saw).
      const [idle, age] = [await hops("idle"), await hops("age")];
      expect(idle).toBeGreaterThanOrEqual(1);
      expect(idle + age).toBeGreaterThanOrEqual(transactions.size - 1);
    } finally {
      watching = false;
      await watcher;
      client.close();
      await s.stop();
      await admin`drop table if exists wire_test.aging cascade`;
    }
    expect(oldest).toBeLessThan(limitMs + 500);
    expect(transactions.size).toBeGreaterThan(2);
  });
});
