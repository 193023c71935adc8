import { Writable } from "node:stream";
import { credentials } from "@grpc/grpc-js";
import { inject } from "vitest";
import { QueryServiceClient } from "../../generated/fraiseql/wire/v1/query_service.js";
import { parseConfig } from "../../src/config/parseConfig.js";
import { createLogger } from "../../src/log/createLogger.js";
import { startWireServer } from "../../src/server/startWireServer.js";
import type { TestServer } from "./testServer.js";

export interface LoggedServer extends TestServer {
  /** Every log line the server wrote so far, as written (JSON lines). */
  logs(): string;
}

/** Like startTestServer, but the server logs at debug level into memory for the test to read. */
export async function startLoggedServer(env: Record<string, string> = {}): Promise<LoggedServer> {
  const databaseUrl = inject("databaseUrl");
  const config = parseConfig({
    DATABASE_URL: databaseUrl,
    FRAISEQL_WIRE_LISTEN: "127.0.0.1:0",
    FRAISEQL_WIRE_SCHEMAS: "wire_test,test_staging",
    FRAISEQL_WIRE_SHUTDOWN_GRACE_MS: "0",
    FRAISEQL_WIRE_LOG_LEVEL: "debug",
    ...env,
  });
  let lines = "";
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines += chunk.toString();
      done();
    },
  });
  const server = await startWireServer(config, createLogger(config.logLevel, sink));
  const client = new QueryServiceClient(server.address, credentials.createInsecure());
  return {
    server,
    client,
    address: server.address,
    databaseUrl,
    logs: () => lines,
    close: async () => {
      client.close();
      await server.shutdown(0);
    },
  };
}
