import { status } from "@grpc/grpc-js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SignJWT, exportJWK, generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer } from "../support/authCalls.js";
import { expectWireStatus } from "../support/expectWireStatus.js";
import { collect, startTestServer, type TestServer } from "../support/testServer.js";

// PostgREST's model: the JWT's role becomes the stream's role (SET LOCAL ROLE), its claims
// request.jwt.claims; test/support/security_test.sql's policies read them.
const AUDIENCE = "fraiseql-wire-test";
let t: TestServer;
let sign: (claims: Record<string, unknown>) => Promise<string>;

beforeAll(async () => {
  const { publicKey, privateKey } = await generateKeyPair("ES256");
  const dir = mkdtempSync(join(tmpdir(), "fraiseql-wire-rls-"));
  const jwks = join(dir, "jwks.json");
  writeFileSync(jwks, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: "k1", alg: "ES256" }] }));
  sign = (claims) => new SignJWT(claims).setProtectedHeader({ alg: "ES256", kid: "k1" }).setAudience(AUDIENCE).setExpirationTime("5m").sign(privateKey);
  // One pooled connection: every stream of this file runs on the same PostgreSQL session.
  t = await startTestServer({
    FRAISEQL_WIRE_SCHEMAS: "sec_test",
    FRAISEQL_WIRE_AUTH: "jwt",
    FRAISEQL_WIRE_JWT_JWKS: jwks,
    FRAISEQL_WIRE_JWT_AUDIENCE: AUDIENCE,
    FRAISEQL_WIRE_DB_ROLES: "sec_reader,sec_auditor,sec_nobody,sec_missing",
    FRAISEQL_WIRE_POOL_SIZE: "1",
  });
});
afterAll(() => t.close());

const titles = (rows: string[]): string[] => rows.map((r) => (JSON.parse(r) as { title: string }).title).sort();

describe("row-level security passthrough", () => {
  it("gives two callers of the same view the rows their claims select, and an auditor role all of them", async () => {
    const acme = await collect(t.client, { entity: "docs" }, bearer(await sign({ sub: "ann", role: "sec_reader", tenant: "acme", scope: "wire:read:docs" })));
    const globex = await collect(t.client, { entity: "docs" }, bearer(await sign({ sub: "bob", role: "sec_reader", tenant: "globex", scope: "wire:read:sec_test.*" })));
    const auditor = await collect(t.client, { entity: "docs" }, bearer(await sign({ sub: "eve", role: "sec_auditor", scope: "wire:read:*" })));
    expect(acme.error ?? globex.error ?? auditor.error).toBeUndefined();
    expect(titles(acme.rows)).toEqual(["acme budget", "acme plan"]);
    expect(titles(globex.rows)).toEqual(["globex memo", "globex plan"]);
    expect(auditor.rows).toHaveLength(5);
  });

  it("maps PostgreSQL's permission denied for a role without grants to PERMISSION_DENIED / ENTITY_NOT_READABLE", async () => {
    const { error, rows } = await collect(t.client, { entity: "docs" }, bearer(await sign({ sub: "mallory", role: "sec_nobody", scope: "wire:read:*" })));
    expect(rows).toEqual([]);
    const details = expectWireStatus(error, { code: status.PERMISSION_DENIED, reason: "ENTITY_NOT_READABLE", category: "authorization", retriable: false, hint: 'database role "sec_nobody"' });
    expect(details.errorInfo[0]!.metadata).toMatchObject({ sqlstate: "42501", role: "sec_nobody" });
  });

  it("sets request.jwt.claims and request.jwt.claim.<name> for the stream and leaks none of it into the next stream on the same connection", async () => {
    const first = await collect(t.client, { entity: "whoami" }, bearer(await sign({ sub: "ann", role: "sec_reader", tenant: "acme", scope: "wire:read:*" })));
    expect(first.error).toBeUndefined();
    const seen = JSON.parse(first.rows[0]!) as { user: string; claims: string; tenant: string; sub: string };
    expect(seen).toMatchObject({ user: "sec_reader", tenant: "acme", sub: "ann" });
    expect(JSON.parse(seen.claims)).toMatchObject({ sub: "ann", role: "sec_reader", tenant: "acme", aud: AUDIENCE });

    // A caller without role or tenant, next on the same (only) pooled connection.
    const second = await collect(t.client, { entity: "whoami" }, bearer(await sign({ sub: "zed", scope: "wire:read:*" })));
    const after = JSON.parse(second.rows[0]!) as { user: string; claims: string; tenant: string | null; sub: string };
    expect(after.user).not.toBe("sec_reader");
    expect(after.tenant ?? "").toBe("");
    expect(after.sub).toBe("zed");
    expect(JSON.parse(after.claims)).not.toHaveProperty("tenant");
  });

  it("clears the role and claims of a stream that failed, too", async () => {
    const failed = await collect(t.client, { entity: "docs", filter: "n = 1" }, bearer(await sign({ sub: "mallory", role: "sec_nobody", tenant: "acme", scope: "wire:read:*" })));
    expect(failed.error?.code).toBe(status.PERMISSION_DENIED);
    const next = await collect(t.client, { entity: "whoami" }, bearer(await sign({ sub: "zed", scope: "wire:read:*" })));
    const seen = JSON.parse(next.rows[0]!) as { user: string; tenant: string | null };
    expect(seen.user).not.toBe("sec_nobody");
    expect(seen.tenant ?? "").toBe("");
  });

  it("a small query, sent in BEGIN's round trip, runs with the caller's role and claims too", async () => {
    // The first call on an entity finds no remembered view (a cursor); the calls after it send their
    // DECLARE and FETCH with the lookup. Each caller is asked twice so that both paths run for each.
    for (let i = 0; i < 2; i++) {
      const acme = await collect(t.client, { entity: "docs", limit: 10 }, bearer(await sign({ sub: "ann", role: "sec_reader", tenant: "acme", scope: "wire:read:docs" })));
      const globex = await collect(t.client, { entity: "docs", limit: 10 }, bearer(await sign({ sub: "bob", role: "sec_reader", tenant: "globex", scope: "wire:read:docs" })));
      expect(acme.error ?? globex.error).toBeUndefined();
      expect(titles(acme.rows)).toEqual(["acme budget", "acme plan"]);
      expect(titles(globex.rows)).toEqual(["globex memo", "globex plan"]);
      const who = await collect(t.client, { entity: "whoami", limit: 1 }, bearer(await sign({ sub: "ann", role: "sec_reader", tenant: "acme", scope: "wire:read:*" })));
      expect(JSON.parse(who.rows[0]!)).toMatchObject({ user: "sec_reader", tenant: "acme", sub: "ann" });
      const denied = await collect(t.client, { entity: "docs", limit: 10 }, bearer(await sign({ sub: "mallory", role: "sec_nobody", scope: "wire:read:*" })));
      expect(denied.rows).toEqual([]);
      expectWireStatus(denied.error, { code: status.PERMISSION_DENIED, reason: "ENTITY_NOT_READABLE", category: "authorization", retriable: false, hint: 'database role "sec_nobody"' });
      const missing = await collect(t.client, { entity: "docs", limit: 10 }, bearer(await sign({ sub: "x", role: "sec_missing", scope: "wire:read:*" })));
      expect(missing.rows).toEqual([]);
      expectWireStatus(missing.error, { code: status.PERMISSION_DENIED, reason: "ROLE_NOT_ALLOWED", category: "authorization", retriable: false, hint: "no such role exists" });
      // Nothing of a caller stays on the only pooled connection.
      const next = await collect(t.client, { entity: "whoami", limit: 1 }, bearer(await sign({ sub: "zed", scope: "wire:read:*" })));
      const after = JSON.parse(next.rows[0]!) as { user: string; tenant: string | null };
      expect(after.user).not.toBe("sec_reader");
      expect(after.tenant ?? "").toBe("");
    }
  });

  it("explains a listed role PostgreSQL cannot switch to as ROLE_NOT_ALLOWED, for operators", async () => {
    const { error } = await collect(t.client, { entity: "docs" }, bearer(await sign({ sub: "x", role: "sec_missing", scope: "wire:read:*" })));
    expectWireStatus(error, { code: status.PERMISSION_DENIED, reason: "ROLE_NOT_ALLOWED", category: "authorization", retriable: false, hint: "no such role exists" });
  });
});
