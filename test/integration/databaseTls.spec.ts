import { status } from "@grpc/grpc-js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectWireStatus } from "../support/expectWireStatus.js";
import { startTlsDatabase, type TlsDatabase } from "../support/startTlsDatabase.js";
import { createTestCa, type TestCa } from "../support/testCertificates.js";
import { collect, startTestServer, type TestServer } from "../support/testServer.js";

let ca: TestCa;
let db: TlsDatabase;
let admin: postgres.Sql;
const servers: TestServer[] = [];
const dir = mkdtempSync(join(tmpdir(), "fraiseql-wire-dbtls-"));

/** The database URL with a user, password and TLS keywords. */
function url(params: Record<string, string>, user = "postgres", password: string | undefined = "postgres"): string {
  const u = new URL(db.url);
  u.username = user;
  u.password = password ?? "";
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

async function start(env: Record<string, string>): Promise<TestServer> {
  const s = await startTestServer({ FRAISEQL_WIRE_SCHEMAS: "tls_test", FRAISEQL_WIRE_POOL_SIZE: "2", ...env });
  servers.push(s);
  return s;
}

beforeAll(async () => {
  ca = createTestCa("database CA");
  db = await startTlsDatabase(ca.issue("database", { hosts: ["127.0.0.1", "localhost"] }));
  admin = postgres(db.url, { max: 1, ssl: { ca: readFileSync(ca.caCert) }, onnotice: () => {} });
  await admin.unsafe(`
    create schema tls_test;
    create view tls_test.v_items as select g as id, jsonb_build_object('n', g) as data from generate_series(1, 3) g;
    create role wire_scram login password 'scram-secret-123';
    grant usage on schema tls_test to wire_scram;
    grant select on tls_test.v_items to wire_scram;`);
}, 120_000);
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await admin?.end();
  await db?.stop();
});

describe("TLS to PostgreSQL", () => {
  it("streams over sslmode=verify-full with the test CA as sslrootcert, on a TLS connection", async () => {
    const s = await start({ DATABASE_URL: url({ sslmode: "verify-full", sslrootcert: ca.caCert }) });
    const { error, rows } = await collect(s.client, { entity: "items" });
    expect(error).toBeUndefined();
    expect(rows).toHaveLength(3);
    const ssl = await admin`select s.ssl, s.version from pg_stat_ssl s join pg_stat_activity a using (pid) where a.application_name = 'fraiseql-wire'`;
    expect(ssl.length).toBeGreaterThan(0);
    expect(ssl.every((r) => r["ssl"] === true)).toBe(true);
  });

  it("fails with DATABASE_TLS_FAILED, not retriable, when sslrootcert is another CA", async () => {
    const other = createTestCa("some other CA");
    const s = await start({ DATABASE_URL: url({ sslmode: "verify-full", sslrootcert: other.caCert }) });
    const { error } = await collect(s.client, { entity: "items" });
    expectWireStatus(error, { code: status.UNAVAILABLE, reason: "DATABASE_TLS_FAILED", category: "configuration", retriable: false, hint: "sslrootcert", secrets: ["postgres:postgres", other.caCert] });
  });

  it("checks the host name under verify-full but not under verify-ca", async () => {
    const named = createTestCa("named CA");
    const dbCa = named.caCert;
    // A certificate for another host, signed by the trusted CA: verify-ca accepts it, verify-full does not.
    const wrongHost = await startTlsDatabase(named.issue("elsewhere", { hosts: ["db.elsewhere.test"] }));
    try {
      const base = new URL(wrongHost.url);
      base.searchParams.set("sslrootcert", dbCa);
      base.searchParams.set("sslmode", "verify-full");
      const full = await start({ DATABASE_URL: base.toString(), FRAISEQL_WIRE_SCHEMAS: "public" });
      expectWireStatus((await collect(full.client, { entity: "x" })).error, { code: status.UNAVAILABLE, reason: "DATABASE_TLS_FAILED", category: "configuration", retriable: false, hint: "does not name the host" });
      base.searchParams.set("sslmode", "verify-ca");
      const chain = await start({ DATABASE_URL: base.toString(), FRAISEQL_WIRE_SCHEMAS: "public" });
      expect((await collect(chain.client, { entity: "x" })).error?.code).toBe(status.NOT_FOUND);
    } finally {
      await wrongHost.stop();
    }
  });

  it("logs in as a SCRAM-SHA-256 role with its password from FRAISEQL_WIRE_DATABASE_PASSWORD_FILE", async () => {
    const file = join(dir, "password");
    writeFileSync(file, "scram-secret-123\n");
    const [{ method }] = (await admin`select case when rolpassword like 'SCRAM-SHA-256$%' then 'scram' else 'other' end as method from pg_authid where rolname = 'wire_scram'`) as unknown as [{ method: string }];
    expect(method).toBe("scram");
    const s = await start({ DATABASE_URL: url({ sslmode: "verify-full", sslrootcert: ca.caCert }, "wire_scram", undefined), FRAISEQL_WIRE_DATABASE_PASSWORD_FILE: file });
    expect((await collect(s.client, { entity: "items" })).rows).toHaveLength(3);
    // A wrong password in the file: refused by PostgreSQL, and never shown to the caller.
    writeFileSync(file, "wrong-password-xyz\n");
    const wrong = await start({ DATABASE_URL: url({ sslmode: "verify-full", sslrootcert: ca.caCert }, "wire_scram", undefined), FRAISEQL_WIRE_DATABASE_PASSWORD_FILE: file });
    expectWireStatus((await collect(wrong.client, { entity: "items" })).error, { code: status.UNAVAILABLE, reason: "DATABASE_AUTH_FAILED", category: "authentication", retriable: false, hint: "password", secrets: ["wrong-password-xyz", "scram-secret-123"] });
  });
});
