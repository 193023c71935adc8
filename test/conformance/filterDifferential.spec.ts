import fc from "fast-check";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDocumentEntity, type StoredDocument } from "../support/createDocumentEntity.js";
import { documentArbitrary, filterArbitrary, renderFilter, spellingArbitrary } from "../support/filterArbitrary.js";
import { evaluateFilter } from "../support/filterOracle.js";
import { collect, startTestServer, type TestServer } from "../support/testServer.js";

// A fixed seed keeps `make test` reproducible; FILTER_DIFFERENTIAL_RUNS widens the search.
const SEED = 160;
const RUNS = Number(process.env["FILTER_DIFFERENTIAL_RUNS"] ?? 300);

let t: TestServer;
let sql: postgres.Sql;
let stored: StoredDocument[];

beforeAll(async () => {
  t = await startTestServer();
  sql = postgres(t.databaseUrl, { max: 1, onnotice: () => {} });
  const documents = fc.sample(documentArbitrary, { numRuns: 80, seed: SEED });
  stored = await createDocumentEntity(sql, "diff_docs", documents);
});
afterAll(async () => {
  await t.close();
  await sql.end();
});

describe("differential: the server's rows equal the documented meaning, evaluated in TypeScript", () => {
  test(`${RUNS} generated filters, written with AIP-160's minimal parentheses`, async () => {
    await fc.assert(
      fc.asyncProperty(filterArbitrary, spellingArbitrary, async (expr, spelling) => {
        const filter = renderFilter(expr, spelling);
        const outcome = await collect(t.client, { entity: "diff_docs", filter, orderBy: "id" });
        if (outcome.error !== undefined) throw new Error(`${JSON.stringify(filter)} was refused: ${outcome.error.details}`);
        const got = outcome.rows.map((row) => (JSON.parse(row) as { id: number }).id);
        const expected = stored.filter((row) => evaluateFilter(expr, row.data)).map((row) => row.id);
        expect(got, filter).toEqual(expected);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  test("order_by: rows come in the order of plain SQL's `order by … nulls last, id` in every direction", async () => {
    const PATHS = ["n", "s", "mixed", "tags", "obj.k", "obj.s", "arr.0", "absent"];
    const term = fc.tuple(fc.constantFrom(...PATHS), fc.constantFrom("asc", "desc"));
    await fc.assert(
      fc.asyncProperty(fc.array(term, { minLength: 1, maxLength: 3 }), fc.integer({ min: 0, max: 30 }), async (terms, limit) => {
        const orderBy = terms.map(([path, direction]) => `${path} ${direction}`).join(", ");
        const outcome = await collect(t.client, { entity: "diff_docs", orderBy, limit });
        if (outcome.error !== undefined) throw new Error(`${orderBy} was refused: ${outcome.error.details}`);
        const got = outcome.rows.map((row) => (JSON.parse(row) as { id: number }).id);
        // The reference is PostgreSQL itself, ordering by jsonb_extract_path the straightforward way.
        const keys = terms.map(([path, direction]) => `jsonb_extract_path(data, ${path.split(".").map((k) => `'${k}'`).join(", ")}) ${direction} nulls last`);
        const rows = await sql.unsafe<{ id: number }[]>(
          `select id from wire_test.diff_docs order by ${keys.join(", ")}, id${limit > 0 ? ` limit ${limit}` : ""}`,
        );
        expect(got, orderBy).toEqual(rows.map((row) => row.id));
      }),
      { seed: SEED, numRuns: Math.max(50, Math.floor(RUNS / 3)) },
    );
  });
});
