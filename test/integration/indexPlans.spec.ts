import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { inject } from "vitest";
import { compileSelect } from "../../src/query/compileSelect.js";
import { parseFilter } from "../../src/query/parseFilter.js";
import { parseOrderBy } from "../../src/query/parseOrderBy.js";

// Each case of docs/indexing.md: the SQL the service compiles, declared as the cursor a stream
// declares, must be served by the index the guide names. A refactor that changes the path
// expressions or the ordering so that an index no longer matches fails here.
let sql: postgres.Sql;
let trigram = false;

beforeAll(async () => {
  sql = postgres(inject("databaseUrl"), { max: 1, onnotice: () => {} });
  await sql.unsafe(`
    drop table if exists wire_test.indexed cascade;
    create table wire_test.indexed (id int primary key, data jsonb not null);
    insert into wire_test.indexed
      select i, jsonb_strip_nulls(jsonb_build_object(
        'seq', case when i % 50 = 0 then null else (i * 7919) % 20011 end,
        'name', 'n' || i,
        'email', 'user' || i || '@example.com',
        'owner', jsonb_build_object('code', i, 'tier', i % 5),
        'items', jsonb_build_array(jsonb_build_object('sku', 'A' || (i % 1000))),
        'pad', repeat('x', 200)))
      from generate_series(1, 20000) i;
    create view wire_test.v_indexed as select id, data from wire_test.indexed;
    create index indexed_seq on wire_test.indexed ((data -> 'seq'));
    create index indexed_owner_code on wire_test.indexed ((data -> 'owner' -> 'code'));
    create index indexed_name on wire_test.indexed using spgist ((data ->> 'name'));
    create index indexed_items_sku on wire_test.indexed (jsonb_extract_path(data, 'items', '0', 'sku'));
    create index indexed_data on wire_test.indexed using gin (data jsonb_path_ops);
    analyze wire_test.indexed;
  `);
  try {
    await sql.unsafe("create extension if not exists pg_trgm");
    await sql.unsafe("create index indexed_email_trgm on wire_test.indexed using gin ((data ->> 'email') gin_trgm_ops)");
    await sql.unsafe("analyze wire_test.indexed");
    trigram = true;
  } catch {
    // pg_trgm is a contrib extension; a PostgreSQL without it skips the suffix/contains case.
  }
});
afterAll(async () => {
  await sql.unsafe("drop table if exists wire_test.indexed cascade");
  await sql.end();
});

/** The plan of the cursor a stream would declare for this request. */
async function planOf(request: { filter?: string; orderBy?: string; limit?: number }): Promise<string> {
  const compiled = compileSelect({
    schema: "wire_test",
    view: "v_indexed",
    dataType: "jsonb",
    keyColumn: "id",
    filter: request.filter === undefined ? undefined : parseFilter(request.filter),
    orderBy: parseOrderBy(request.orderBy ?? ""),
    limit: request.limit,
    offset: 0,
  });
  return sql.begin(async (tx) => {
    await tx`select set_config('cursor_tuple_fraction', ${compiled.cursorTupleFraction}, true)`;
    const rows = await tx.unsafe<{ "QUERY PLAN": string }[]>(`explain declare c no scroll cursor for ${compiled.text}`, [...compiled.params]);
    return rows.map((row) => row["QUERY PLAN"]).join("\n");
  }) as Promise<string>;
}

/** The keys of every full Sort node (an Incremental Sort over presorted index output is fine). */
function fullSortKeys(plan: string): string[] {
  const lines = plan.split("\n");
  return lines.flatMap((line, i) => (/^\s*(->\s+)?Sort\s+\(/.test(line) ? [lines[i + 1] ?? ""] : []));
}

describe("the compiled SQL is served by the indexes docs/indexing.md names", () => {
  test("order_by seq, limit 10: the btree on (data -> 'seq') read forwards", async () => {
    const plan = await planOf({ orderBy: "seq", limit: 10 });
    expect(plan).toMatch(/Index Scan using indexed_seq/);
    expect(fullSortKeys(plan)).toEqual([]);
  });

  test("order_by seq desc, limit 10: the same btree read backwards, rows without seq after it", async () => {
    const plan = await planOf({ orderBy: "seq desc", limit: 10 });
    expect(plan).toMatch(/Index Scan Backward using indexed_seq/);
    expect(plan).toMatch(/Append/);
    // Only the rows without seq may be sorted (by id), never the rows the index returns.
    for (const key of fullSortKeys(plan)) expect(key).not.toContain("seq");
  });

  test("order_by owner.code desc, limit 10: a nested path and its index", async () => {
    const plan = await planOf({ orderBy: "owner.code desc", limit: 10 });
    expect(plan).toMatch(/Index Scan Backward using indexed_owner_code/);
  });

  test.each([
    ["seq >= 100 AND seq < 200"],
    ["seq > 19990"],
    ["seq = 4242"],
  ])("the range or equality %s uses the btree on (data -> 'seq')", async (filter) => {
    const plan = await planOf({ filter });
    expect(plan).toMatch(/Index (Only )?Scan.* on indexed_seq|Index Scan using indexed_seq/);
  });

  test("owner.code = 77: the nested path's btree (or the GIN containment)", async () => {
    expect(await planOf({ filter: "owner.code = 77" })).toMatch(/indexed_owner_code|indexed_data/);
  });

  test("items.0.sku = A7: a path through an array index matches an index on jsonb_extract_path", async () => {
    expect(await planOf({ filter: 'items.0.sku = "A7"' })).toMatch(/indexed_items_sku/);
  });

  test('name = "n1234*": a prefix is served by the SP-GiST index on (data ->> \'name\')', async () => {
    expect(await planOf({ filter: 'name = "n1234*"' })).toMatch(/Index Scan on indexed_name|Index Scan using indexed_name/);
  });

  test('email = "*9999@example.com": a suffix is served by a pg_trgm GIN index on the text', async (context) => {
    if (!trigram) context.skip();
    expect(await planOf({ filter: 'email = "*9999@example.com"' })).toMatch(/indexed_email_trgm/);
  });
});
