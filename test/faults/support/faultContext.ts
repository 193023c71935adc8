import { credentials } from "@grpc/grpc-js";
import { QueryServiceClient } from "../../../generated/fraiseql/wire/v1/query_service.js";
import { startFaultDatabase, type FaultDatabase } from "./faultDatabase.js";
import { spawnFaultServer, type FaultServer } from "./faultServer.js";
import { startToxiproxy, type Proxy, type Toxiproxy } from "./toxiproxy.js";

/** Everything a scenario acts on: client → server process → toxiproxy ("link") → PostgreSQL. */
export interface FaultContext {
  readonly db: FaultDatabase;
  readonly toxiproxy: Toxiproxy;
  /** The proxy between the server and PostgreSQL: put toxics here. */
  readonly link: Proxy;
  /** The current server process (respawnServer replaces it). */
  readonly server: FaultServer;
  /** A client of the current server. */
  readonly client: QueryServiceClient;
  /** FRAISEQL_WIRE_POOL_SIZE of the server. */
  readonly poolSize: number;
  /** FRAISEQL_WIRE_POOL_WAIT_MS of the server. */
  readonly poolWaitMs: number;
  /** After the server process exited (kill it first): a new one on the same port, and a new client. */
  respawnServer(): Promise<FaultServer>;
  close(): Promise<void>;
}

/** The server's settings in the suite, unless a scenario overrides them. */
export const FAULT_SERVER_ENV: Readonly<Record<string, string>> = {
  FRAISEQL_WIRE_SCHEMAS: "wire_test,faults",
  FRAISEQL_WIRE_LOG_LEVEL: "info",
  FRAISEQL_WIRE_POOL_SIZE: "10",
  // Short, so that a leaked pool slot shows as TOO_MANY_STREAMS within a second (checkRecovered).
  // Long enough that a loaded machine's slower clean-up is not read as a leaked slot.
  FRAISEQL_WIRE_POOL_WAIT_MS: "3000",
  FRAISEQL_WIRE_HEALTH_INTERVAL_MS: "500",
  FRAISEQL_WIRE_SHUTDOWN_GRACE_MS: "2000",
  OTEL_TRACES_EXPORTER: "none",
  OTEL_METRICS_EXPORTER: "none",
  OTEL_LOGS_EXPORTER: "none",
};

/** Starts PostgreSQL, toxiproxy in front of it, and the built server through the proxy. */
export async function startFaultContext(serverEnv: Record<string, string> = {}): Promise<FaultContext> {
  const started: Array<{ close(): Promise<void> }> = [];
  try {
    const db = await startFaultDatabase();
    started.push(db);
    const toxiproxy = await startToxiproxy();
    started.push({ close: () => toxiproxy.stop() });
    const link = await toxiproxy.createProxy("postgres", db.hostPort);
    const env: Record<string, string> = { ...FAULT_SERVER_ENV, DATABASE_URL: `postgres://postgres:postgres@${link.listen}/postgres`, ...serverEnv };
    let server = await spawnFaultServer(env);
    let client = new QueryServiceClient(server.address, credentials.createInsecure());
    const ctx: FaultContext = {
      db,
      toxiproxy,
      link,
      get server() {
        return server;
      },
      get client() {
        return client;
      },
      poolSize: Number(env["FRAISEQL_WIRE_POOL_SIZE"]),
      poolWaitMs: Number(env["FRAISEQL_WIRE_POOL_WAIT_MS"]),
      respawnServer: async () => {
        server = await server.respawn();
        client.close();
        client = new QueryServiceClient(server.address, credentials.createInsecure());
        return server;
      },
      close: async () => {
        client.close();
        await server.stop();
        await toxiproxy.stop();
        await db.close();
      },
    };
    return ctx;
  } catch (error) {
    for (const s of started.reverse()) await s.close().catch(() => {});
    throw error;
  }
}
