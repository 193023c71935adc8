import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, startTestServer, type TestServer } from "../support/testServer.js";

// An entity without a key column and without order_by streams in the table's physical order, and
// an offset resume token (RESUME_OFFSET) counts on the next attempt reading that same order. With
// PostgreSQL's synchronize_seqscans (on by default), a scan of a table larger than a quarter of
// shared_buffers starts wherever another scan of it is, or last was: the service turns it off in
// each stream's transaction. The "other scan" here is a cursor held half-way through the table.
let t: TestServer;
let sql: postgres.Sql;
beforeAll(async () => {
  t = await startTestServer({ FRAISEQL_WIRE_SCHEMAS: "scan_test" });
  sql = postgres(t.databaseUrl, { max: 3, onnotice: () => {} });
  await sql`drop schema if exists scan_test cascade`;
  await sql`create schema scan_test`;
  // Twice the size at which PostgreSQL synchronizes scans (shared_buffers / 4), at about 1 KB a row.
  const [{ bytes }] = await sql<[{ bytes: string }]>`select (pg_size_bytes(current_setting('shared_buffers')) / 2)::text as bytes`;
  const rows = Math.ceil(Number(bytes) / 1000);
  await sql`create table scan_test.wide as select g as n, repeat('w', 900) as pad from generate_series(1, ${rows}::int) g`;
  await sql`create view scan_test.v_wide as select jsonb_build_object('n', n, 'pad', pad) as data from scan_test.wide`;
}, 60_000);
afterAll(async () => {
  await t.close();
  await sql`drop schema if exists scan_test cascade`;
  await sql.end();
});

const numbers = (rows: readonly string[]): number[] => rows.map((r) => (JSON.parse(r) as { n: number }).n);

describe("an unordered stream of a keyless entity reads the table from its start", () => {
  it("while another scan of the table is half-way, a stream and its offset resume deliver rows 1.. in order", async () => {
    const holder = await sql.reserve();
    try {
      await holder`begin`;
      await holder.unsafe("declare half no scroll cursor for select n from scan_test.wide");
      const [{ count }] = await sql<[{ count: number }]>`select count(*)::int as count from scan_test.wide`;
      await holder.unsafe(`fetch ${Math.floor(count / 2)} from half`);

      const first = await collect(t.client, { entity: "wide", limit: 500, chunkRows: 100 });
      expect(first.error).toBeUndefined();
      expect(numbers(first.rows)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));

      // The token of the third message: the next attempt goes on right after that message's last row.
      const withRows = first.messages.filter((m) => m.rows.length > 0);
      const delivered = withRows.slice(0, 3).reduce((n, m) => n + m.rows.length, 0);
      const rest = await collect(t.client, { entity: "wide", limit: 500, chunkRows: 100, resumeToken: withRows[2]!.resumeToken });
      expect(rest.error).toBeUndefined();
      expect(numbers(rest.rows)).toEqual(Array.from({ length: 500 - delivered }, (_, i) => i + delivered + 1));
    } finally {
      // Its snapshot and lock end here, so that dropping the schema does not wait for them.
      await holder`rollback`;
      holder.release();
    }
  });
});
