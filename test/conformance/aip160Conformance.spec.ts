import { status } from "@grpc/grpc-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseFilter } from "../../src/query/parseFilter.js";
import { createDocumentEntity, type StoredDocument } from "../support/createDocumentEntity.js";
import { decodeDetails } from "../support/decodeDetails.js";
import { evaluateFilter } from "../support/filterOracle.js";
import { collect, startTestServer, type TestServer } from "../support/testServer.js";
import { aip160Corpus, type CorpusCase } from "./aip160Corpus.js";
import { aip160Documents } from "./aip160Documents.js";

let t: TestServer;
let sql: postgres.Sql;
/** The documents as PostgreSQL holds them, read back, so the oracle sees what the server filters. */
let stored: StoredDocument[];

beforeAll(async () => {
  t = await startTestServer();
  sql = postgres(t.databaseUrl, { max: 1, onnotice: () => {} });
  stored = await createDocumentEntity(sql, "aip_docs", aip160Documents);
});
afterAll(async () => {
  await t.close();
  await sql.end();
});

async function idsFor(filter: string): Promise<number[]> {
  const outcome = await collect(t.client, { entity: "aip_docs", filter, orderBy: "id" });
  if (outcome.error !== undefined) throw new Error(`${JSON.stringify(filter)} was refused: ${outcome.error.details}`);
  return outcome.rows.map((row) => (JSON.parse(row) as { id: number }).id);
}

const supported = aip160Corpus.filter((c): c is Extract<CorpusCase, { outcome: "supported" }> => c.outcome === "supported");
const refused = aip160Corpus.filter((c): c is Exclude<CorpusCase, { outcome: "supported" }> => c.outcome !== "supported");

describe("AIP-160 conformance: the public corpus through the real server", () => {
  test.each(supported.map((c) => [c.filter, c.means, c.source] as const))(
    "%j means %j (%s)",
    async (filter, means) => {
      const oracle = stored.filter((row) => evaluateFilter(parseFilter(means), row.data)).map((row) => row.id);
      expect(await idsFor(filter)).toEqual(oracle);
      if (means !== filter) expect(await idsFor(means)).toEqual(oracle);
    },
  );

  test.each(refused.map((c) => [c.filter, c.outcome, c] as const))("%j is %s", async (filter, _outcome, c) => {
    const outcome = await collect(t.client, { entity: "aip_docs", filter });
    expect(outcome.rows).toEqual([]);
    expect(outcome.error?.code).toBe(status.INVALID_ARGUMENT);
    const info = decodeDetails(outcome.error!).errorInfo[0]!;
    expect(info.reason).toBe("INVALID_FILTER");
    if (c.outcome === "invalid") return;
    if (c.feature !== undefined) {
      expect(info.metadata["unsupported"]).toBe(c.feature);
      expect(outcome.error!.details).toContain(`${c.feature} is not supported`);
    }
    if (c.hint !== undefined) expect(outcome.error!.details).toContain(c.hint);
  });

  test("the data makes the supported cases discriminating: most select some rows and not others", () => {
    const proper = supported.filter((c) => {
      const n = stored.filter((row) => evaluateFilter(parseFilter(c.means), row.data)).length;
      return n > 0 && n < stored.length;
    });
    expect(proper.length / supported.length).toBeGreaterThan(0.85);
  });
});
