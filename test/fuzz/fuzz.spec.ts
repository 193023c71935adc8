import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { credentials, Metadata } from "@grpc/grpc-js";
import fc from "fast-check";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { QueryServiceClient } from "../../generated/fraiseql/wire/v1/query_service.js";
import { parseConfig } from "../../src/config/parseConfig.js";
import { createLogger } from "../../src/log/createLogger.js";
import { startWireServer } from "../../src/server/startWireServer.js";
import type { WireServer } from "../../src/server/WireServer.js";
import { bearer, sha256 } from "../support/authCalls.js";
import { documentArbitrary, filterArbitrary, renderFilter, spellingArbitrary } from "../support/filterArbitrary.js";
import { evaluateFilter } from "../support/filterOracle.js";
import { collect } from "../support/testServer.js";
import { checkOutcome } from "./support/checkOutcome.js";
import { checkStatements } from "./support/checkStatements.js";
import { fuzzRequestArbitrary, type FuzzRequest } from "./support/requestArbitrary.js";
import { rawClient, sendRaw } from "./support/sendRaw.js";
import { serverStatements } from "./support/serverStatements.js";
import { loadDocuments, startFuzzDatabase, type FuzzDatabase } from "./support/startFuzzDatabase.js";

// `make test` runs a fixed-seed sample; `make fuzz` sets FUZZ_REQUESTS=100000 and a fresh seed.
const SEED = Number(process.env["FUZZ_SEED"] ?? 12);
const REQUESTS = Number(process.env["FUZZ_REQUESTS"] ?? 2000);
const DIFFERENTIAL = Number(process.env["FUZZ_DIFFERENTIAL"] ?? 2000);
const BATCH = 8; // calls in flight at once
const CHECK_EVERY = 250; // batches between pg_stat_statements windows

let db: FuzzDatabase;
let admin: postgres.Sql;
let server: WireServer;
let client: QueryServiceClient;
let raw: ReturnType<typeof rawClient>;
let documents: Array<{ id: number; tenant: string; data: Record<string, unknown> }>;
const tally = { requests: 0, ok: 0, refused: new Map<string, number>(), statements: 0, declares: 0 };

beforeAll(async () => {
  db = await startFuzzDatabase();
  admin = postgres(db.adminUrl, { max: 1, onnotice: () => {} });
  const generated = fc.sample(documentArbitrary, { numRuns: 120, seed: SEED });
  documents = generated.map((doc, i) => ({ id: i + 1, tenant: ["acme", "globex", "initech"][i % 3]!, data: doc }));
  await loadDocuments(db.adminUrl, documents);
  const dir = mkdtempSync(join(tmpdir(), "fraiseql-wire-fuzz-"));
  writeFileSync(
    join(dir, "tokens.json"),
    JSON.stringify([
      { name: "acme", sha256: sha256("acme-token"), entities: ["docs", "open"], role: "fuzz_reader" },
      { name: "globex", sha256: sha256("globex-token"), entities: ["fuzz.docs", "fuzz_b.*"], role: "fuzz_reader" },
    ]),
  );
  const config = parseConfig({
    DATABASE_URL: db.serverUrl,
    FRAISEQL_WIRE_LISTEN: "127.0.0.1:0",
    FRAISEQL_WIRE_SCHEMAS: "fuzz,fuzz_b",
    FRAISEQL_WIRE_AUTH: "token",
    FRAISEQL_WIRE_TOKENS_FILE: join(dir, "tokens.json"),
    FRAISEQL_WIRE_DB_ROLES: "fuzz_reader",
    FRAISEQL_WIRE_POOL_SIZE: String(BATCH + 2),
    FRAISEQL_WIRE_LOG_LEVEL: process.env["FRAISEQL_WIRE_LOG_LEVEL"] ?? "silent",
  });
  server = await startWireServer(config, createLogger(config.logLevel));
  client = new QueryServiceClient(server.address, credentials.createInsecure());
  raw = rawClient(server.address);
  await serverStatements(admin); // start from a clean window
}, 120_000);

afterAll(async () => {
  client?.close();
  raw?.close();
  await server?.shutdown(0);
  await admin?.end();
  await db?.stop();
  process.stdout.write(`fuzz: ${tally.requests} requests (seed ${SEED}): ${tally.ok} streamed, refused ${JSON.stringify(Object.fromEntries(tally.refused))}; ${tally.statements} statements checked (${tally.declares} cursors)\n`);
});

function metadataOf(token: string | undefined): Metadata {
  return token === undefined ? new Metadata() : bearer(token);
}

async function send(request: FuzzRequest): Promise<string | undefined> {
  const outcome =
    request.kind === "bytes"
      ? await sendRaw(raw, request.bytes, metadataOf(request.token))
      : await collect(client, request, metadataOf(request.token));
  tally.requests += 1;
  if (outcome.error === undefined) tally.ok += 1;
  else {
    const key = outcome.error.code === 3 || outcome.error.code === 16 || outcome.error.code === 7 || outcome.error.code === 5 ? String(outcome.error.code) : `code ${outcome.error.code}`;
    tally.refused.set(key, (tally.refused.get(key) ?? 0) + 1);
  }
  const problem = checkOutcome(request.token, outcome);
  return problem === undefined ? undefined : `${problem}\n  request: ${JSON.stringify(request, (_, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString("hex") : v))}`;
}

async function statementsWindow(): Promise<void> {
  const statements = await serverStatements(admin);
  tally.statements += statements.reduce((n, s) => n + s.calls, 0);
  tally.declares += statements.filter((s) => s.query.startsWith("declare")).reduce((n, s) => n + s.calls, 0);
  const problems = checkStatements(statements);
  expect(problems, "statements outside the server's own templates").toEqual([]);
  const [canary] = await admin`select note from fuzz.canary where id = 1`;
  expect(canary?.["note"]).toBe("still here");
  // Between batches no call runs: no server connection may be left inside a transaction.
  const open = await admin`select state from pg_stat_activity where usename = 'wire_fuzz' and application_name = 'fraiseql-wire' and state <> 'idle'`;
  expect(open.map((r) => r["state"])).toEqual([]);
}

describe("fuzzing the real server and database", () => {
  test(`${REQUESTS} generated requests: never INTERNAL, never an unmapped database error, no SQL beyond the server's statements, no row outside the caller's scopes`, async () => {
    let batches = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fuzzRequestArbitrary, { minLength: BATCH, maxLength: BATCH }), async (requests) => {
        const problems = (await Promise.all(requests.map(send))).filter((p): p is string => p !== undefined);
        if (problems.length > 0) throw new Error(problems.join("\n"));
        if (++batches % CHECK_EVERY === 0) await statementsWindow();
      }),
      { seed: SEED, numRuns: Math.ceil(REQUESTS / BATCH), endOnFailure: false },
    );
    await statementsWindow();
  }, 3_600_000);

  test(`${DIFFERENTIAL} generated filters through row-level security: the caller's rows equal the documented meaning over its tenant's documents`, async () => {
    const callers = [
      { token: "acme-token", tenant: "acme" },
      { token: "globex-token", tenant: "globex" },
    ];
    const expected = (tenant: string, expr: Parameters<typeof evaluateFilter>[0]): number[] =>
      documents.filter((d) => d.tenant === tenant).filter((d) => evaluateFilter(expr, { ...d.data, id: d.id, tenant: d.tenant, view: "fuzz.docs" })).map((d) => d.id);
    const cases = fc.array(fc.tuple(filterArbitrary, spellingArbitrary, fc.constantFrom(...callers)), { minLength: BATCH, maxLength: BATCH });
    await fc.assert(
      fc.asyncProperty(cases, async (batch) => {
        await Promise.all(
          batch.map(async ([expr, spelling, caller]) => {
            const filter = renderFilter(expr, spelling);
            const outcome = await collect(client, { entity: "docs", filter, orderBy: "id" }, bearer(caller.token));
            if (outcome.error !== undefined) throw new Error(`${JSON.stringify(filter)} (${caller.tenant}) was refused: ${outcome.error.details}`);
            const got = outcome.rows.map((row) => (JSON.parse(row) as { id: number }).id);
            expect(got, `${caller.tenant}: ${filter}`).toEqual(expected(caller.tenant, expr));
          }),
        );
      }),
      { seed: SEED + 1, numRuns: Math.ceil(DIFFERENTIAL / BATCH) },
    );
    await statementsWindow();
  }, 3_600_000);
});
