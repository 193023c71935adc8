import { createServer, type Server, type Socket } from "node:net";
import { status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseUrlFor } from "../support/databaseUrlFor.js";
import { expectWireStatus } from "../support/expectWireStatus.js";
import { loadSqlFiles } from "../support/loadSqlFiles.js";
import { freePort } from "../support/startDatabase.js";
import { collect, startTestServer } from "../support/testServer.js";

// The server cannot use its database: each case is a real server started with a broken DATABASE_URL.
// The status tells the caller whether to retry and the operators what to fix, and names no host,
// port, user, database or password.
let base: string;
let silent: Server;
const sockets: Socket[] = [];
beforeAll(async () => {
  const probe = await startTestServer();
  base = probe.databaseUrl;
  await probe.close();
  await loadSqlFiles(base, ["test/support/errors_test.sql"]);
  // Accepts TCP connections and never answers: a database behind a black-holing firewall.
  silent = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

async function failureWith(url: string, env: Record<string, string> = {}) {
  const server = await startTestServer({ DATABASE_URL: url, ...env });
  try {
    return (await collect(server.client, { entity: "items" })).error;
  } finally {
    await server.close();
  }
}

describe("database connection errors", () => {
  it("DATABASE_UNAVAILABLE, retriable, when nothing listens at the database's port", async () => {
    const url = databaseUrlFor(base, { port: await freePort(), password: "port-Pw-1" });
    const error = await failureWith(url);
    const details = expectWireStatus(error, { code: status.UNAVAILABLE, reason: "DATABASE_UNAVAILABLE", category: "connection", retriable: true, hint: "pg_isready", secrets: ["port-Pw-1", new URL(url).port] });
    expect(error?.details).toMatch(/^the database is unavailable \(ECONNREFUSED\): the connection was refused/);
    expect(details.errorInfo[0]?.metadata).toMatchObject({ errorCode: "ECONNREFUSED", rowsReceived: "0" });
  });

  it("DATABASE_UNAVAILABLE when connecting times out", async () => {
    const port = (silent.address() as { port: number }).port;
    const error = await failureWith(databaseUrlFor(base, { port }), { FRAISEQL_WIRE_CONNECT_TIMEOUT_MS: "100", FRAISEQL_WIRE_HEALTH_INTERVAL_MS: "300" });
    const details = expectWireStatus(error, { code: status.UNAVAILABLE, reason: "DATABASE_UNAVAILABLE", category: "connection", retriable: true, hint: "FRAISEQL_WIRE_CONNECT_TIMEOUT_MS" });
    expect(details.errorInfo[0]?.metadata["errorCode"]).toBe("CONNECT_TIMEOUT");
  });

  it("DATABASE_AUTH_FAILED, not retriable, for a wrong password of a SCRAM role", async () => {
    const error = await failureWith(databaseUrlFor(base, { user: "errors_test_reader", password: "not-the-Pw-4411" }));
    const details = expectWireStatus(error, {
      code: status.UNAVAILABLE,
      reason: "DATABASE_AUTH_FAILED",
      category: "authentication",
      retriable: false,
      hint: "operators must fix the user and password in the server's DATABASE_URL",
      secrets: ["not-the-Pw-4411", "errors_test_reader"],
    });
    expect(error?.details).toContain("PostgreSQL rejected the password of the server's database role (SQLSTATE 28P01 invalid_password)");
    expect(details.errorInfo[0]?.metadata["sqlstate"]).toBe("28P01");
  });

  it("DATABASE_NOT_FOUND, not retriable, when the database does not exist", async () => {
    const error = await failureWith(databaseUrlFor(base, { database: "errors_test_no_such_db" }));
    expectWireStatus(error, {
      code: status.UNAVAILABLE,
      reason: "DATABASE_NOT_FOUND",
      category: "configuration",
      retriable: false,
      hint: "create it (createdb) or fix the database name at the end of DATABASE_URL",
      secrets: ["errors_test_no_such_db"],
    });
  });

  it("DATABASE_RESOURCE_EXHAUSTED, retriable, when PostgreSQL refuses more connections", async () => {
    // errors_test_nolimit has CONNECTION LIMIT 0: PostgreSQL answers 53300 too_many_connections.
    const error = await failureWith(databaseUrlFor(base, { user: "errors_test_nolimit", password: "nolimit-Pw-91c2" }));
    const details = expectWireStatus(error, {
      code: status.RESOURCE_EXHAUSTED,
      reason: "DATABASE_RESOURCE_EXHAUSTED",
      category: "resource",
      retriable: true,
      hint: "keep the sum of FRAISEQL_WIRE_POOL_SIZE over all instances below max_connections",
      secrets: ["nolimit-Pw-91c2"],
    });
    expect(details.errorInfo[0]?.metadata["sqlstate"]).toBe("53300");
  });
});
