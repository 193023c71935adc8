import fc from "fast-check";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { compileSelect } from "../../src/query/compileSelect.js";
import type { CompiledSql } from "../../src/query/CompiledSql.js";
import type { FilterExpr } from "../../src/query/FilterExpr.js";
import type { FilterValue } from "../../src/query/FilterValue.js";
import type { KeysetPosition } from "../../src/query/KeysetPosition.js";
import { parseFilter } from "../../src/query/parseFilter.js";
import { parseOrderBy } from "../../src/query/parseOrderBy.js";
import type { SelectInput } from "../../src/query/SelectInput.js";
import { setSettingsText } from "../../src/stream/copyText.js";
import { createDocumentEntity } from "../support/createDocumentEntity.js";
import { documentArbitrary, filterArbitrary } from "../support/filterArbitrary.js";

// Issue 11 part 4: COPY takes no bind parameters, so a COPY statement reads each value from a
// setting made, bound, in the same transaction (`set_config(…, $n, true)`, then
// `current_setting(…)` in the text). These are the proofs that this keeps every value out of the
// SQL text, gives back every value exactly, and keeps the plans docs/indexing.md promises.
const SEED = 1104;
let sql: postgres.Sql;

beforeAll(async () => {
  sql = postgres(inject("databaseUrl"), { max: 1, onnotice: () => {} });
  await createDocumentEntity(sql, "copy_docs", fc.sample(documentArbitrary, { numRuns: 80, seed: SEED }));
  await sql.unsafe(`
    drop table if exists wire_test.copy_indexed cascade;
    create table wire_test.copy_indexed (id int primary key, data jsonb not null);
    insert into wire_test.copy_indexed
      select i, jsonb_strip_nulls(jsonb_build_object(
        'seq', case when i % 50 = 0 then null else (i * 7919) % 20011 end,
        'name', 'n' || i,
        'owner', jsonb_build_object('code', i, 'tier', i % 5),
        'items', jsonb_build_array(jsonb_build_object('sku', 'A' || (i % 1000))),
        'pad', repeat('x', 200)))
      from generate_series(1, 20000) i;
    create view wire_test.v_copy_indexed as select id, data from wire_test.copy_indexed;
    create index copy_indexed_seq on wire_test.copy_indexed ((data -> 'seq'));
    create index copy_indexed_owner_code on wire_test.copy_indexed ((data -> 'owner' -> 'code'));
    create index copy_indexed_name on wire_test.copy_indexed using spgist ((data ->> 'name'));
    create index copy_indexed_items_sku on wire_test.copy_indexed (jsonb_extract_path(data, 'items', '0', 'sku'));
    create index copy_indexed_data on wire_test.copy_indexed using gin (data jsonb_path_ops);
    analyze wire_test.copy_indexed;
  `);
});
afterAll(async () => {
  await sql.unsafe("drop table if exists wire_test.copy_docs, wire_test.copy_indexed cascade");
  await sql.end();
});

const docsInput = (filter: FilterExpr | undefined, extra: Partial<SelectInput> = {}): SelectInput => ({
  schema: "wire_test",
  view: "v_copy_docs",
  dataType: "jsonb",
  keyColumn: "id",
  filter,
  orderBy: [],
  limit: undefined,
  offset: 0,
  ...extra,
});

/** Runs `compiled` (settings mode) in a transaction after setting its values, as the COPY path does. */
async function runWithSettings<T extends object>(compiled: CompiledSql, text = compiled.text): Promise<T[]> {
  return sql.begin(async (tx) => {
    await tx.unsafe(setSettingsText(compiled.params.length), [...compiled.params]);
    return tx.unsafe<T[]>(text);
  }) as Promise<T[]>;
}

/** The same tree with every string, number and match text replaced by another of its kind. */
function otherValues(expr: FilterExpr, pick: () => string): FilterExpr {
  const value = (v: FilterValue): FilterValue => (v.type === "string" ? { type: "string", value: pick() } : v.type === "number" ? { type: "number", text: String(pick().length) } : v);
  switch (expr.kind) {
    case "and":
    case "or":
      return { ...expr, operands: expr.operands.map((o) => otherValues(o, pick)) };
    case "not":
      return { ...expr, operand: otherValues(expr.operand, pick) };
    case "compare":
    case "has":
      return { ...expr, value: value(expr.value) };
    case "match":
      return { ...expr, text: pick() };
    case "exists":
      return expr;
  }
}

// Strings a value may hold (U+0000 aside, which the request parser refuses, see below): any Unicode,
// with SQL's and JSON's quoting characters, backslashes and placeholder look-alikes mixed in.
const awkward = fc.string({
  unit: fc.oneof(fc.constantFrom("'", '"', "\\", "$", "1", ";", "--", "/*", "%", "_", "\n", "\t", " ", "é", "𝄞", "current_setting('fraiseql_wire.p1')"), fc.string({ unit: "binary", minLength: 1, maxLength: 1 })),
  maxLength: 12,
}).filter((s) => !s.includes("\u0000"));

describe("values travel as settings, never as SQL text", () => {
  test("the COPY text is the same whatever the values: it depends on the request's shape alone", () => {
    fc.assert(
      fc.property(filterArbitrary, fc.array(awkward, { minLength: 1, maxLength: 8 }), fc.option(fc.record({ id: fc.integer().map(String), values: fc.array(fc.option(fc.json()), { maxLength: 2 }) })), (expr, picks, after) => {
        let i = 0;
        const pick = (): string => picks[i++ % picks.length]!;
        const orderBy = parseOrderBy(after === null ? "" : ["n", "s desc"].slice(0, after.values.length).join(", "));
        const position: KeysetPosition | undefined = after === null ? undefined : { id: after.id, values: after.values };
        const copy = { keyType: "integer" };
        const a = compileSelect(docsInput(expr, { copy, orderBy, after: position, limit: 7 }));
        const b = compileSelect(docsInput(otherValues(expr, pick), { copy, orderBy, after: position === undefined ? undefined : { id: "12345", values: position.values.map((v) => (v === null ? null : '"x"')) }, limit: 9 }));
        expect(a.text).toBe(b.text);
        expect(a.text).not.toMatch(/\$\d/);
        expect(a.params.length).toBe(compileSelect(docsInput(expr, { orderBy, after: position, limit: 7 })).params.length);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  test("every value comes back exactly from set_config and current_setting, quotes, backslashes and any Unicode included", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(awkward, { minLength: 1, maxLength: 5 }), async (values) => {
        const echo = values.map((_, i) => `current_setting('fraiseql_wire.p${i + 1}') as v${i + 1}`).join(", ");
        const [row] = await runWithSettings<Record<string, string>>({ text: `select ${echo}`, params: values, positionColumns: 0, cursorTupleFraction: "1" });
        expect(values.map((_, i) => row![`v${i + 1}`])).toEqual(values);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  test("U+0000 cannot be a setting (PostgreSQL text cannot hold it): the request parser refuses it first", async () => {
    await expect(runWithSettings({ text: "select 1", params: ["a\u0000b"], positionColumns: 0, cursorTupleFraction: "1" })).rejects.toMatchObject({ code: "22021" });
    expect(() => parseFilter('name = "a\u0000b"')).toThrow(/NUL|U\+0000/);
  });

  test("differential: a settings-mode statement returns the rows of the bound one, for generated filters", async () => {
    await fc.assert(
      fc.asyncProperty(filterArbitrary, async (expr) => {
        const bound = compileSelect(docsInput(expr));
        const viaSettings = compileSelect(docsInput(expr, { copy: { keyType: "integer" } }));
        const expected = await sql.unsafe<{ kid: number }[]>(bound.text, [...bound.params]);
        const got = await runWithSettings<{ kid: string }>(viaSettings);
        expect(got.map((r) => Number(r.kid))).toEqual(expected.map((r) => r.kid));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  test("differential: a keyset resume in settings mode continues exactly where the bound one does", async () => {
    const orderBy = parseOrderBy("n desc, s");
    // Positions as the stream sees them: jsonb text (the COPY form selects every column as text).
    const all = (await runWithSettings<{ kid: string; k1: string | null; k2: string | null }>(compileSelect(docsInput(undefined, { orderBy, copy: { keyType: "integer" } })))).map((r) => ({ ...r, kid: Number(r.kid) }));
    for (const at of [0, 5, 17, 40, 79]) {
      const row = all[at]!;
      const after: KeysetPosition = { id: String(row.kid), values: [row.k1, row.k2] };
      const bound = compileSelect(docsInput(undefined, { orderBy, after }));
      const viaSettings = compileSelect(docsInput(undefined, { orderBy, after, copy: { keyType: "integer" } }));
      const expected = await sql.unsafe<{ kid: number }[]>(bound.text, [...bound.params]);
      const got = await runWithSettings<{ kid: string }>(viaSettings);
      expect(got.map((r) => Number(r.kid))).toEqual(expected.map((r) => r.kid));
      expect(expected.map((r) => r.kid)).toEqual(all.slice(at + 1).map((r) => r.kid));
    }
  });
});

/** The plan of the settings-mode statement for this request, after its settings were made. */
async function copyPlanOf(request: { filter?: string; orderBy?: string; limit?: number }): Promise<string> {
  const compiled = compileSelect({
    schema: "wire_test",
    view: "v_copy_indexed",
    dataType: "jsonb",
    keyColumn: "id",
    filter: request.filter === undefined ? undefined : parseFilter(request.filter),
    orderBy: parseOrderBy(request.orderBy ?? ""),
    limit: request.limit,
    offset: 0,
    copy: { keyType: "integer" },
  });
  const rows = await runWithSettings<{ "QUERY PLAN": string }>(compiled, `explain ${compiled.text}`);
  return rows.map((row) => row["QUERY PLAN"]).join("\n");
}

describe("current_setting keeps the index plans of docs/indexing.md", () => {
  test.each([
    [{ orderBy: "seq", limit: 10 }, /Index Scan using copy_indexed_seq/],
    [{ orderBy: "seq desc", limit: 10 }, /Index Scan Backward using copy_indexed_seq/],
    [{ orderBy: "owner.code desc", limit: 10 }, /Index Scan Backward using copy_indexed_owner_code/],
    [{ filter: "seq >= 100 AND seq < 200" }, /copy_indexed_seq/],
    [{ filter: "seq > 19990" }, /copy_indexed_seq/],
    [{ filter: "seq = 4242" }, /copy_indexed_seq|copy_indexed_data/],
    [{ filter: "owner.code = 77" }, /copy_indexed_owner_code|copy_indexed_data/],
    [{ filter: 'items.0.sku = "A7"' }, /copy_indexed_items_sku|copy_indexed_data/],
    [{ filter: 'name = "n1234*"' }, /copy_indexed_name/],
  ])("%j", async (request, index) => {
    const plan = await copyPlanOf(request);
    expect(plan).toMatch(index);
  });
});
