import postgres from "postgres";
import { ConnectionWatch } from "./ConnectionWatch.js";
import type { Sql } from "./Sql.js";

export interface PoolOptions {
  readonly url: string;
  readonly max: number;
  readonly connectTimeoutMs: number;
  readonly keepAliveMs: number;
}

/** The one connection pool of the server, with the watch that tells streams when their connection closed. */
export function createPool(options: PoolOptions): { sql: Sql; watch: ConnectionWatch } {
  const watch = new ConnectionWatch(options.keepAliveMs);
  const sql = postgres(options.url, {
    max: options.max,
    connect_timeout: Math.max(1, Math.ceil(options.connectTimeoutMs / 1000)),
    idle_timeout: 60,
    // fetch_types stays on: with it off, postgres.js 3.4.9 never resolves sql.reserve() on a fresh
    // connection (reproduced), and streams run on reserved connections.
    onnotice: () => {},
    connection: { application_name: "fraiseql-wire" },
    // Our own sockets: TCP keepalive, and a handle a stream can close (see ConnectionWatch). The
    // option is documented ("Custom socket" in postgres.js's README) but missing from its types.
    ...({ socket: watch.socket } as object),
  }) as unknown as Sql;
  return { sql, watch };
}
