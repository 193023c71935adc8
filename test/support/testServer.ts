import { credentials, Metadata, type ServiceError } from "@grpc/grpc-js";
import { inject } from "vitest";
import {
  QueryServiceClient,
  type StreamQueryRequest,
  type StreamQueryResponse,
} from "../../generated/fraiseql/wire/v1/query_service.js";
import { parseConfig } from "../../src/config/parseConfig.js";
import { createLogger } from "../../src/log/createLogger.js";
import { startWireServer } from "../../src/server/startWireServer.js";
import type { WireServer } from "../../src/server/WireServer.js";

export interface TestServer {
  readonly server: WireServer;
  readonly client: QueryServiceClient;
  readonly address: string;
  readonly databaseUrl: string;
  close(): Promise<void>;
}

/** The real server on port 0 against the test database, with a real grpc-js client. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const databaseUrl = inject("databaseUrl");
  const config = parseConfig({
    DATABASE_URL: databaseUrl,
    FRAISEQL_WIRE_LISTEN: "127.0.0.1:0",
    FRAISEQL_WIRE_SCHEMAS: "wire_test,test_staging",
    FRAISEQL_WIRE_LOG_LEVEL: process.env["FRAISEQL_WIRE_LOG_LEVEL"] ?? "silent",
    FRAISEQL_WIRE_SHUTDOWN_GRACE_MS: "0",
    // COPY is the default; FRAISEQL_WIRE_COPY=off in the test run's environment runs every suite's streams through FETCH.
    FRAISEQL_WIRE_COPY: process.env["FRAISEQL_WIRE_COPY"] ?? "on",
    ...env,
  });
  const server = await startWireServer(config, createLogger(config.logLevel));
  const client = new QueryServiceClient(server.address, credentials.createInsecure());
  return {
    server,
    client,
    address: server.address,
    databaseUrl,
    close: async () => {
      client.close();
      await server.shutdown(0);
    },
  };
}

export function request(partial: Partial<StreamQueryRequest>): StreamQueryRequest {
  return { entity: "", filter: "", orderBy: "", limit: 0, offset: 0, chunkRows: 0, chunkBytes: 0, resumeToken: Buffer.alloc(0), ...partial };
}

export interface StreamOutcome {
  readonly messages: StreamQueryResponse[];
  readonly rows: string[];
  readonly error: ServiceError | undefined;
}

/** Reads a whole stream; resolves (never rejects) with what arrived and the error, if any. */
export function collect(client: QueryServiceClient, req: Partial<StreamQueryRequest>, metadata = new Metadata()): Promise<StreamOutcome> {
  return new Promise((resolve) => {
    const messages: StreamQueryResponse[] = [];
    const call = client.streamQuery(request(req), metadata);
    call.on("data", (m: StreamQueryResponse) => messages.push(m));
    const done = (error: ServiceError | undefined): void => resolve({ messages, rows: messages.flatMap((m) => m.rows), error });
    call.on("error", (e: ServiceError) => done(e));
    call.on("end", () => done(undefined));
  });
}

/** The parsed rows of a stream that must succeed. */
export async function rowsOf(client: QueryServiceClient, req: Partial<StreamQueryRequest>): Promise<unknown[]> {
  const outcome = await collect(client, req);
  if (outcome.error) throw outcome.error;
  return outcome.rows.map((r) => JSON.parse(r) as unknown);
}
