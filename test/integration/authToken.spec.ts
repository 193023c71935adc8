import { Metadata, status } from "@grpc/grpc-js";
import { mkdtempSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/activeBackends.js";
import { bearer, listNames, sha256 } from "../support/authCalls.js";
import { expectWireStatus } from "../support/expectWireStatus.js";
import { startLoggedServer } from "../support/startLoggedServer.js";
import { collect, startTestServer, type TestServer } from "../support/testServer.js";

const ETL = "etl-token-4f1c9a0b7d2e";
const NARROW = "narrow-token-88aa11";
const ROGUE = "rogue-role-token-0001";
const STAGING = "staging-only-token-77";
const dir = mkdtempSync(join(tmpdir(), "fraiseql-wire-tokens-"));
const tokensFile = join(dir, "tokens.json");

function writeTokens(entries: unknown[]): void {
  // Written beside and renamed, as a Kubernetes secret update swaps the file whole.
  writeFileSync(`${tokensFile}.tmp`, JSON.stringify(entries));
  renameSync(`${tokensFile}.tmp`, tokensFile);
}

const initial = [
  { name: "etl", sha256: sha256(ETL), entities: ["wire_test.*"] },
  { name: "narrow", sha256: sha256(NARROW), entities: ["items", "test_staging.projects"] },
  { name: "rogue", sha256: sha256(ROGUE), entities: ["*"], role: "postgres" },
  { name: "staging", sha256: sha256(STAGING), entities: ["test_staging.*"] },
];

let t: TestServer;
beforeAll(async () => {
  writeTokens(initial);
  t = await startTestServer({ FRAISEQL_WIRE_AUTH: "token", FRAISEQL_WIRE_TOKENS_FILE: tokensFile, FRAISEQL_WIRE_DB_ROLES: "sec_reader" });
});
afterAll(() => t.close());

describe("FRAISEQL_WIRE_AUTH=token", () => {
  it("refuses a call without a credential: UNAUTHENTICATED / AUTHENTICATION_REQUIRED, not retriable", async () => {
    const { error, rows } = await collect(t.client, { entity: "items" });
    expect(rows).toEqual([]);
    expectWireStatus(error, { code: status.UNAUTHENTICATED, reason: "AUTHENTICATION_REQUIRED", category: "authentication", retriable: false, hint: "authorization: Bearer <token>" });
  });

  it("refuses an unknown token without echoing it, and a header that is not Bearer", async () => {
    const wrong = "wrong-token-deadbeefcafe";
    const { error } = await collect(t.client, { entity: "items" }, bearer(wrong));
    const details = expectWireStatus(error, { code: status.UNAUTHENTICATED, reason: "INVALID_CREDENTIALS", category: "authentication", retriable: false, hint: "not one this server knows", secrets: [wrong] });
    expect(details.errorInfo[0]!.metadata["check"]).toBe("token");

    const basic = new Metadata();
    basic.set("authorization", `Basic ${Buffer.from(`user:${ETL}`).toString("base64")}`);
    const refused = await collect(t.client, { entity: "items" }, basic);
    expectWireStatus(refused.error, { code: status.UNAUTHENTICATED, reason: "INVALID_CREDENTIALS", category: "authentication", retriable: false, hint: "Bearer <token>", secrets: [ETL] });
  });

  it("streams the entities a token's entry names", async () => {
    const { error, rows } = await collect(t.client, { entity: "items", orderBy: "name", limit: 2 }, bearer(ETL));
    expect(error).toBeUndefined();
    expect(rows.map((r) => (JSON.parse(r) as { name: string }).name)).toEqual(["alpha", "beta"]);
  });

  it("answers PERMISSION_DENIED / ENTITY_FORBIDDEN outside the scopes, identically for an entity that exists and one that does not", async () => {
    const existing = await collect(t.client, { entity: "numbers" }, bearer(NARROW));
    const missing = await collect(t.client, { entity: "numbres" }, bearer(NARROW));
    for (const { error } of [existing, missing]) {
      expectWireStatus(error, { code: status.PERMISSION_DENIED, reason: "ENTITY_FORBIDDEN", category: "authorization", retriable: false, hint: "Whether it exists is not disclosed" });
    }
    const strip = (message: string | undefined): string | undefined => message?.replace(/"numb(er|re)s"/, '"X"');
    expect(strip(existing.error?.details)).toBe(strip(missing.error?.details));
    expect(existing.error?.details).not.toContain("Did you mean");
    // Qualified names follow the same rule: test_staging.projects is granted, wire_test.projects is not.
    expect((await collect(t.client, { entity: "test_staging.projects", limit: 1 }, bearer(NARROW))).error).toBeUndefined();
    expect((await collect(t.client, { entity: "wire_test.numbers" }, bearer(NARROW))).error?.code).toBe(status.PERMISSION_DENIED);
  });

  it("suggests only names the caller may read when an entity in its scopes is missing", async () => {
    const { error } = await collect(t.client, { entity: "itemz" }, bearer(ETL));
    expectWireStatus(error, { code: status.NOT_FOUND, reason: "ENTITY_NOT_FOUND", category: "schema", retriable: false, hint: 'Did you mean "items"?' });
    expect(error?.details).toContain("in schema [wire_test]");
  });

  it("lists only what the caller may read", async () => {
    const narrow = await listNames(t.client, bearer(NARROW));
    expect(narrow.names.sort()).toEqual(["test_staging.projects", "wire_test.items"]);
    const etl = await listNames(t.client, bearer(ETL));
    expect(etl.names.length).toBeGreaterThan(5);
    expect(etl.names.every((n) => n.startsWith("wire_test."))).toBe(true);
    expectWireStatus((await listNames(t.client)).error, { code: status.UNAUTHENTICATED, reason: "AUTHENTICATION_REQUIRED", category: "authentication", retriable: false, hint: "Bearer" });
  });

  it("refuses a token whose role is not on FRAISEQL_WIRE_DB_ROLES before anything reaches PostgreSQL", async () => {
    const { error } = await collect(t.client, { entity: "items" }, bearer(ROGUE));
    const details = expectWireStatus(error, { code: status.PERMISSION_DENIED, reason: "ROLE_NOT_ALLOWED", category: "authorization", retriable: false, hint: "FRAISEQL_WIRE_DB_ROLES" });
    expect(details.errorInfo[0]!.metadata["role"]).toBe("postgres");
  });

  it("authorizes a resumed stream like a new one: another caller's resume token reaches no entity outside its own scopes", async () => {
    const first = await collect(t.client, { entity: "items", orderBy: "name", chunkRows: 2, limit: 4 }, bearer(ETL));
    const token = first.messages[0]!.resumeToken;
    expect(token.length).toBeGreaterThan(0);
    const resumed = await collect(t.client, { entity: "items", orderBy: "name", chunkRows: 2, limit: 4, resumeToken: token }, bearer(ETL));
    expect(resumed.rows).toEqual(first.rows.slice(2));
    // A caller scoped to test_staging: the bare name resolves only where it may read (no items
    // there), and the qualified one is forbidden before the token is even looked at.
    const bare = await collect(t.client, { entity: "items", orderBy: "name", chunkRows: 2, limit: 4, resumeToken: token }, bearer(STAGING));
    expect({ code: bare.error?.code, rows: bare.rows }).toEqual({ code: status.NOT_FOUND, rows: [] });
    const qualified = await collect(t.client, { entity: "wire_test.items", orderBy: "name", chunkRows: 2, limit: 4, resumeToken: token }, bearer(STAGING));
    expectWireStatus(qualified.error, { code: status.PERMISSION_DENIED, reason: "ENTITY_FORBIDDEN", category: "authorization", retriable: false, hint: "not among the entities" });
    expect(qualified.rows).toEqual([]);
  });

  it("reloads the token file when it changes: a new token works, a removed one stops working", async () => {
    const fresh = "fresh-token-after-rotation";
    writeTokens([{ name: "fresh", sha256: sha256(fresh), entities: ["*"] }]);
    const after = await eventually(
      () => collect(t.client, { entity: "items", limit: 1 }, bearer(fresh)),
      (o) => o.error === undefined,
    );
    expect(after.error).toBeUndefined();
    expect((await collect(t.client, { entity: "items" }, bearer(ETL))).error?.code).toBe(status.UNAUTHENTICATED);
    // A broken file is not taken: the last good one stays in force.
    writeFileSync(tokensFile, "[{not json");
    t.server.reload();
    expect((await collect(t.client, { entity: "items", limit: 1 }, bearer(fresh))).error).toBeUndefined();
    writeTokens(initial);
    await eventually(() => collect(t.client, { entity: "items", limit: 1 }, bearer(ETL)), (o) => o.error === undefined);
  });

  it("writes refused calls and the caller's name in the access log, never the token", async () => {
    const logged = await startLoggedServer({ FRAISEQL_WIRE_AUTH: "token", FRAISEQL_WIRE_TOKENS_FILE: tokensFile });
    try {
      await collect(logged.client, { entity: "items" }, bearer("not-a-known-token-123"));
      await collect(logged.client, { entity: "items", limit: 1 }, bearer(ETL));
      // Each access line is written as its call ends: wait for both.
      const lines = async (): Promise<Array<{ status: string; reason?: string; caller?: string }>> =>
        logged.logs().split("\n").filter((l) => l.includes('"msg":"access"')).map((l) => JSON.parse(l) as { status: string; reason?: string; caller?: string });
      const access = await eventually(lines, (found) => found.length >= 2);
      expect(access).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ status: "UNAUTHENTICATED", reason: "INVALID_CREDENTIALS" }),
          expect.objectContaining({ status: "OK", caller: "token:etl" }),
        ]),
      );
      expect(logged.logs()).not.toContain("not-a-known-token-123");
      expect(logged.logs()).not.toContain(ETL);
    } finally {
      await logged.close();
    }
  });
});
