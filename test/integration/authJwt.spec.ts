import { status } from "@grpc/grpc-js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SignJWT, UnsecuredJWT, exportJWK, generateKeyPair, type CryptoKey } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/activeBackends.js";
import { bearer } from "../support/authCalls.js";
import { expectWireStatus } from "../support/expectWireStatus.js";
import { collect, startTestServer, type TestServer } from "../support/testServer.js";

const AUDIENCE = "wire-api";
const ISSUER = "https://issuer.test";
const SECRET = "a-shared-secret-of-at-least-32-bytes!!";
const dir = mkdtempSync(join(tmpdir(), "fraiseql-wire-jwt-"));
const jwksFile = join(dir, "jwks.json");
let t: TestServer;
let key: CryptoKey;
let other: CryptoKey;
let otherPublic: CryptoKey;

async function jwks(...keys: Array<{ key: CryptoKey; kid: string }>): Promise<void> {
  writeFileSync(jwksFile, JSON.stringify({ keys: await Promise.all(keys.map(async (k) => ({ ...(await exportJWK(k.key)), kid: k.kid, alg: "ES256" }))) }));
}

function token(claims: Record<string, unknown> = {}, options: { key?: CryptoKey; kid?: string; exp?: string | number; aud?: string; iss?: string } = {}): Promise<string> {
  return new SignJWT({ scope: "wire:read:items wire:read:test_staging.*", ...claims })
    .setProtectedHeader({ alg: "ES256", kid: options.kid ?? "k1" })
    .setAudience(options.aud ?? AUDIENCE)
    .setIssuer(options.iss ?? ISSUER)
    .setExpirationTime(options.exp ?? "5m")
    .sign(options.key ?? key);
}

beforeAll(async () => {
  const a = await generateKeyPair("ES256");
  const b = await generateKeyPair("ES256");
  key = a.privateKey;
  other = b.privateKey;
  await jwks({ key: a.publicKey, kid: "k1" });
  t = await startTestServer({
    FRAISEQL_WIRE_AUTH: "jwt",
    FRAISEQL_WIRE_JWT_JWKS: jwksFile,
    FRAISEQL_WIRE_JWT_AUDIENCE: AUDIENCE,
    FRAISEQL_WIRE_JWT_ISSUER: ISSUER,
    FRAISEQL_WIRE_JWT_SECRET: SECRET,
    FRAISEQL_WIRE_JWT_CLOCK_SKEW_MS: "5000",
  });
  otherPublic = b.publicKey;
});
afterAll(() => t.close());

async function refused(jwt: string, check: string): Promise<void> {
  const { error } = await collect(t.client, { entity: "items" }, bearer(jwt));
  const details = expectWireStatus(error, { code: status.UNAUTHENTICATED, reason: "INVALID_CREDENTIALS", category: "authentication", retriable: false, hint: /refused/, secrets: [jwt, ...jwt.split(".").filter((part) => part.length > 8)] });
  expect(details.errorInfo[0]!.metadata["check"]).toBe(check);
}

describe("FRAISEQL_WIRE_AUTH=jwt", () => {
  it("streams with a valid ES256 token and its wire:read scopes", async () => {
    const jwt = await token();
    expect((await collect(t.client, { entity: "items", limit: 1 }, bearer(jwt))).error).toBeUndefined();
    expect((await collect(t.client, { entity: "test_staging.projects", limit: 1 }, bearer(jwt))).error).toBeUndefined();
    expect((await collect(t.client, { entity: "wire_test.numbers" }, bearer(jwt))).error?.code).toBe(status.PERMISSION_DENIED);
    // A bare name is looked up only where the caller may read it: here test_staging, which has no numbers.
    const bare = await collect(t.client, { entity: "numbers" }, bearer(jwt));
    expect(bare.error?.code).toBe(status.NOT_FOUND);
    expect(bare.error?.details).toContain("in schema [test_staging]");
  });

  it("names the failed check for an expired token, a wrong audience or issuer, and a foreign signature", async () => {
    await refused(await token({}, { exp: Math.floor(Date.now() / 1000) - 60 }), "exp");
    await refused(await token({}, { aud: "another-service" }), "aud");
    await refused(await token({}, { iss: "https://evil.test" }), "iss");
    await refused(await token({}, { key: other }), "signature");
    await refused(await token({}, { key: other, kid: "unknown" }), "kid");
  });

  it("accepts a token within the clock-skew allowance of its exp", async () => {
    const jwt = await token({}, { exp: Math.floor(Date.now() / 1000) - 2 });
    expect((await collect(t.client, { entity: "items", limit: 1 }, bearer(jwt))).error).toBeUndefined();
  });

  it("refuses alg none, and takes HS256 only because a secret is configured", async () => {
    const unsigned = new UnsecuredJWT({ scope: "wire:read:*" }).setAudience(AUDIENCE).setIssuer(ISSUER).setExpirationTime("5m").encode();
    await refused(unsigned, "alg");
    const hs = await new SignJWT({ scope: "wire:read:items" }).setProtectedHeader({ alg: "HS256" }).setAudience(AUDIENCE).setIssuer(ISSUER).setExpirationTime("5m").sign(new TextEncoder().encode(SECRET));
    expect((await collect(t.client, { entity: "items", limit: 1 }, bearer(hs))).error).toBeUndefined();
    const wrongSecret = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setAudience(AUDIENCE).setIssuer(ISSUER).setExpirationTime("5m").sign(new TextEncoder().encode("x".repeat(40)));
    await refused(wrongSecret, "signature");
    const hs512 = await new SignJWT({}).setProtectedHeader({ alg: "HS512" }).setAudience(AUDIENCE).setIssuer(ISSUER).setExpirationTime("5m").sign(new TextEncoder().encode(SECRET));
    await refused(hs512, "alg");
  });

  it("refuses a token without exp, and garbage", async () => {
    const noExp = await new SignJWT({}).setProtectedHeader({ alg: "ES256", kid: "k1" }).setAudience(AUDIENCE).setIssuer(ISSUER).sign(key);
    await refused(noExp, "exp");
    await refused("not.a.jwt", "format");
  });

  it("reloads a JWKS file when it changes: tokens of a rotated-in key are accepted", async () => {
    await jwks({ key: otherPublic, kid: "k2" });
    const jwt = await token({}, { key: other, kid: "k2" });
    const outcome = await eventually(() => collect(t.client, { entity: "items", limit: 1 }, bearer(jwt)), (o) => o.error === undefined);
    expect(outcome.error).toBeUndefined();
  });
});
