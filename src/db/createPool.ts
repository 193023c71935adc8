import postgres from "postgres";
import { ConnectionWatch } from "./ConnectionWatch.js";
import type { Sql } from "./Sql.js";

export interface PoolOptions {
  readonly url: string;
  readonly max: number;
  readonly connectTimeoutMs: number;
}

/** The one connection pool of the server, with the watch that tells streams when their connection closed. */
export function createPool(options: PoolOptions): { sql: Sql; watch: ConnectionWatch } {
  const watch = new ConnectionWatch();
  const sql = postgres(options.url, {
    max: options.max,
    connect_timeout: Math.max(1, Math.ceil(options.connectTimeoutMs / 1000)),
    idle_timeout: 60,
    // fetch_types stays on: with it off, postgres.js 3.4.9 never resolves sql.reserve() on a fresh
    // connection (reproduced), and streams run on reserved connections.
    onnotice: () => {},
    debug: watch.debug,
    onclose: watch.onclose,
    connection: { application_name: "fraiseql-wire" },
  }) as unknown as Sql;
  return { sql, watch };
}
