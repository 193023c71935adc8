import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { status } from "@grpc/grpc-js";
import { credentials } from "@grpc/grpc-js";
import { SignJWT, exportJWK, generateKeyPair } from "jose";
import { afterAll, describe, expect, inject, it } from "vitest";
import { QueryServiceClient } from "../../generated/fraiseql/wire/v1/query_service.js";
import { eventually } from "../support/activeBackends.js";
import { bearer } from "../support/authCalls.js";
import { expectWireStatus } from "../support/expectWireStatus.js";
import { createTestCa } from "../support/testCertificates.js";
import { collect } from "../support/testServer.js";

const MAIN = join(process.cwd(), "dist", "src", "main.js");
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
});

interface Serving {
  readonly child: ChildProcess;
  output(): string;
  address(): Promise<string>;
}

/** `node dist/src/main.js` with env, as a deployment runs it; its JSON log lines are collected. */
function serve(env: Record<string, string>): Serving {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env["PATH"] ?? "", DATABASE_URL: inject("databaseUrl"), FRAISEQL_WIRE_SCHEMAS: "wire_test", FRAISEQL_WIRE_LISTEN: "127.0.0.1:0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  return {
    child,
    output: () => output,
    address: async () => {
      const line = await eventually(async () => output, (o) => o.includes('"fraiseql-wire listening"'));
      return (JSON.parse(line.split("\n").find((l) => l.includes("fraiseql-wire listening"))!) as { address: string }).address;
    },
  };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code))));
}

describe("starting the server", () => {
  it("refuses a non-loopback listener without TLS, in one sentence saying why", async () => {
    const s = serve({ FRAISEQL_WIRE_LISTEN: "0.0.0.0:0" });
    expect(await exited(s.child)).toBe(2);
    const problems = s.output().split("\n").filter((l) => l.startsWith("  - "));
    expect(problems[0]).toMatch(/^ {2}- FRAISEQL_WIRE_LISTEN=0\.0\.0\.0:0 is not a loopback address and TLS is off: set FRAISEQL_WIRE_TLS_CERT and FRAISEQL_WIRE_TLS_KEY, or FRAISEQL_WIRE_ALLOW_INSECURE=true if a mesh or proxy terminates TLS in front of the server$/);
    expect(problems[1]).toMatch(/FRAISEQL_WIRE_AUTH is not set/);
  });

  it("refuses a token file it cannot use", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fraiseql-wire-start-"));
    writeFileSync(join(dir, "tokens.json"), '[{"name": "x", "sha256": "not-hex", "entities": []}]');
    const s = serve({ FRAISEQL_WIRE_AUTH: "token", FRAISEQL_WIRE_TOKENS_FILE: join(dir, "tokens.json") });
    expect(await exited(s.child)).toBe(2);
    expect(s.output()).toContain('"sha256" must be 64 hex digits');
  });

  it("verifies JWTs with keys from an https JWKS URL (NODE_EXTRA_CA_CERTS trusts a private issuer's CA), and reloads on SIGHUP", async () => {
    const ca = createTestCa("issuer CA");
    const tls = ca.issue("issuer");
    const { publicKey, privateKey } = await generateKeyPair("RS256");
    const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: "r1", alg: "RS256" }] });
    let fetched = 0;
    const issuer = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
      fetched += 1;
      res.setHeader("content-type", "application/json");
      res.end(jwks);
    });
    await new Promise<void>((r) => issuer.listen(0, "127.0.0.1", r));
    try {
      const url = `https://127.0.0.1:${(issuer.address() as AddressInfo).port}/.well-known/jwks.json`;
      const s = serve({ FRAISEQL_WIRE_AUTH: "jwt", FRAISEQL_WIRE_JWT_JWKS: url, FRAISEQL_WIRE_JWT_AUDIENCE: "wire", NODE_EXTRA_CA_CERTS: ca.caCert });
      const client = new QueryServiceClient(await s.address(), credentials.createInsecure());
      const jwt = await new SignJWT({ scope: "wire:read:*" }).setProtectedHeader({ alg: "RS256", kid: "r1" }).setAudience("wire").setExpirationTime("5m").sign(privateKey);
      expect((await collect(client, { entity: "items", limit: 1 }, bearer(jwt))).rows).toHaveLength(1);
      expect((await collect(client, { entity: "items", limit: 1 }, bearer(jwt))).rows).toHaveLength(1);
      expect(fetched).toBe(1);
      const { error } = await collect(client, { entity: "items" });
      expectWireStatus(error, { code: status.UNAUTHENTICATED, reason: "AUTHENTICATION_REQUIRED", category: "authentication", retriable: false, hint: "Bearer" });
      s.child.kill("SIGHUP");
      await eventually(async () => s.output(), (o) => o.includes("reloading TLS and credential files"));
      expect(s.child.exitCode).toBeNull();
      client.close();
      s.child.kill("SIGTERM");
      expect(await exited(s.child)).toBe(0);
    } finally {
      issuer.close();
    }
  });
});
