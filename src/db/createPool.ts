import postgres from "postgres";
import { ConnectionPool } from "./ConnectionPool.js";
import { ConnectionWatch } from "./ConnectionWatch.js";
import type { Sql } from "./Sql.js";

export interface PoolOptions {
  readonly url: string;
  readonly max: number;
  readonly connectTimeoutMs: number;
  readonly keepAliveMs: number;
}

/** The server's connection pool, with the watch that gives a stream a handle on its connection's socket. */
export function createPool(options: PoolOptions): { pool: ConnectionPool; watch: ConnectionWatch } {
  const watch = new ConnectionWatch(options.keepAliveMs);
  const open = (): Sql =>
    postgres(options.url, {
      // One connection per instance: see ConnectionPool.
      max: 1,
      connect_timeout: Math.max(1, Math.ceil(options.connectTimeoutMs / 1000)),
      idle_timeout: 60,
      onnotice: () => {},
      connection: { application_name: "fraiseql-wire" },
      // Our own sockets: TCP keepalive, and a handle a stream can close (see ConnectionWatch). The
      // option is documented ("Custom socket" in postgres.js's README) but missing from its types.
      ...({ socket: watch.socket } as object),
    }) as unknown as Sql;
  return { pool: new ConnectionPool(open, options.max), watch };
}
