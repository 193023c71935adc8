import fc from "fast-check";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { documentArbitrary, filterArbitrary, renderFilter, spellingArbitrary } from "../support/filterArbitrary.js";
import { evaluateFilter } from "../support/filterOracle.js";
import { collect, startTestServer, type TestServer } from "../support/testServer.js";

// A fixed seed keeps `make test` reproducible; FILTER_DIFFERENTIAL_RUNS widens the search.
const SEED = 160;
const RUNS = Number(process.env["FILTER_DIFFERENTIAL_RUNS"] ?? 300);

let t: TestServer;
let sql: postgres.Sql;
let stored: { id: number; data: unknown }[];

beforeAll(async () => {
  t = await startTestServer();
  sql = postgres(t.databaseUrl, { max: 1, onnotice: () => {} });
  const documents = fc.sample(documentArbitrary, { numRuns: 80, seed: SEED });
  await sql`drop table if exists wire_test.diff_docs cascade`;
  await sql`create table wire_test.diff_docs (id int primary key, data jsonb not null)`;
  for (const [index, document] of documents.entries()) {
    await sql`insert into wire_test.diff_docs values (${index + 1}, ${JSON.stringify({ id: index + 1, ...document })}::text::jsonb)`;
  }
  await sql`create view wire_test.v_diff_docs as select id, data from wire_test.diff_docs`;
  const rows = await sql<{ data: string }[]>`select data::text as data from wire_test.diff_docs order by id`;
  stored = rows.map((row) => {
    const data = JSON.parse(row.data) as { id: number };
    return { id: data.id, data };
  });
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
});
