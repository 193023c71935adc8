import { spawn } from "node:child_process";
import { copyFileSync, readFileSync } from "node:fs";
import { connect, type PeerCertificate } from "node:tls";
import { join } from "node:path";
import { credentials, status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QueryServiceClient } from "../../generated/fraiseql/wire/v1/query_service.js";
import { WireClient } from "../../src/client/index.js";
import { eventually } from "../support/activeBackends.js";
import { collect, request, startTestServer, type TestServer } from "../support/testServer.js";
import { createTestCa, type TestCa, type TestLeaf } from "../support/testCertificates.js";

const CLI = join(process.cwd(), "dist", "src", "cli", "main.js");
let ca: TestCa;
let serverCert: TestLeaf;
let clientCert: TestLeaf;
let tlsServer: TestServer;
let mtlsServer: TestServer;
const clients: QueryServiceClient[] = [];

function client(address: string, creds = credentials.createSsl(pem(ca.caCert))): QueryServiceClient {
  const c = new QueryServiceClient(address, creds);
  clients.push(c);
  return c;
}
function pem(path: string): Buffer {
  return readFileSync(path);
}

/** The certificate a new TLS connection to the server is shown (HTTP/2 over TLS, as gRPC connects). */
function presented(port: number): Promise<PeerCertificate> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port, ALPNProtocols: ["h2"], rejectUnauthorized: false }, () => {
      resolve(socket.getPeerCertificate());
      socket.destroy();
    });
    socket.once("error", reject);
  });
}

beforeAll(async () => {
  ca = createTestCa();
  serverCert = ca.issue("server");
  clientCert = ca.issue("client", { subject: "/CN=etl-job/O=Example", client: true });
  // Files the server reads, replaced in place by the rotation test.
  const live = { cert: join(ca.dir, "live.crt"), key: join(ca.dir, "live.key") };
  copyFileSync(serverCert.cert, live.cert);
  copyFileSync(serverCert.key, live.key);
  tlsServer = await startTestServer({ FRAISEQL_WIRE_TLS_CERT: live.cert, FRAISEQL_WIRE_TLS_KEY: live.key });
  mtlsServer = await startTestServer({
    FRAISEQL_WIRE_TLS_CERT: serverCert.cert,
    FRAISEQL_WIRE_TLS_KEY: serverCert.key,
    FRAISEQL_WIRE_TLS_CLIENT_CA: ca.caCert,
    FRAISEQL_WIRE_SCHEMAS: "wire_test,sec_test",
  });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await tlsServer?.close();
  await mtlsServer?.close();
});

describe("TLS on the gRPC listener", () => {
  it("serves a client that trusts the server's CA, and refuses plaintext and untrusting clients", async () => {
    expect((await collect(client(tlsServer.address), { entity: "items", limit: 2 })).rows).toHaveLength(2);
    expect((await collect(client(tlsServer.address, credentials.createInsecure()), { entity: "items" })).error?.code).toBe(status.UNAVAILABLE);
    expect((await collect(client(tlsServer.address, credentials.createSsl()), { entity: "items" })).error?.code).toBe(status.UNAVAILABLE);
  });

  it("requires a client certificate signed by FRAISEQL_WIRE_TLS_CLIENT_CA, whose subject becomes the caller", async () => {
    const anonymous = await collect(client(mtlsServer.address), { entity: "items" });
    expect(anonymous.error?.code).toBe(status.UNAVAILABLE);
    const stranger = createTestCa("another CA").issue("stranger", { client: true });
    const foreign = await collect(client(mtlsServer.address, credentials.createSsl(pem(ca.caCert), stranger.keyPem, stranger.certPem)), { entity: "items" });
    expect(foreign.error?.code).toBe(status.UNAVAILABLE);

    const mutual = client(mtlsServer.address, credentials.createSsl(pem(ca.caCert), clientCert.keyPem, clientCert.certPem));
    const { error, rows } = await collect(mutual, { entity: "whoami" });
    expect(error).toBeUndefined();
    expect(JSON.parse(rows[0]!)).toMatchObject({ sub: "CN=etl-job,O=Example" });
  });

  it("reloads a rotated certificate for new connections without dropping a running stream", async () => {
    const before = await presented(tlsServer.server.port);
    const c = client(tlsServer.address);
    const call = c.streamQuery(request({ entity: "large", chunkRows: 100 }));
    let rows = 0;
    let ended: Error | "end" | undefined;
    call.on("data", (m: { rows: string[] }) => {
      rows += m.rows.length;
      if (rows >= 50_000) call.cancel();
    });
    call.on("error", (e: Error) => (ended ??= e));
    call.on("end", () => (ended ??= "end"));
    await eventually(async () => rows, (n) => n > 0);
    call.pause();

    const next = ca.issue("server-rotated");
    // Certificate first, key a moment later, as a careless rotation would: the mismatched pair is skipped.
    copyFileSync(next.cert, join(ca.dir, "live.crt"));
    await new Promise((r) => setTimeout(r, 1500));
    copyFileSync(next.key, join(ca.dir, "live.key"));
    const after = await eventually(() => presented(tlsServer.server.port), (cert) => cert.serialNumber !== before.serialNumber);
    expect(after.serialNumber).not.toBe(before.serialNumber);
    expect(after.subject.CN).toBe("server-rotated");
    const atRotation = rows;

    call.resume();
    await eventually(async () => ended, (e) => e !== undefined, 30_000);
    expect(rows).toBeGreaterThanOrEqual(50_000);
    expect(rows).toBeGreaterThan(atRotation);
    expect((ended as { code?: number }).code, String(ended)).toBe(status.CANCELLED);
    // New connections are served with the new certificate.
    expect((await collect(client(tlsServer.address), { entity: "items", limit: 1 })).rows).toHaveLength(1);
  });

  it("lets the SDK and the CLI connect with --tls --ca --cert --key", async () => {
    const sdk = new WireClient(mtlsServer.address, { tls: { rootCerts: pem(ca.caCert), certChain: clientCert.certPem, privateKey: clientCert.keyPem } });
    try {
      const rows = [];
      for await (const row of sdk.query<{ sub: string }>("whoami")) rows.push(row);
      expect(rows[0]?.sub).toBe("CN=etl-job,O=Example");
    } finally {
      sdk.close();
    }
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, "query", "whoami", "--address", `localhost:${mtlsServer.server.port}`, "--ca", ca.caCert, "--cert", clientCert.cert, "--key", clientCert.key], { stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
    expect(run, run.stderr).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(run.stdout)).toMatchObject({ sub: "CN=etl-job,O=Example" });
  });
});
