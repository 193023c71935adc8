import { ConnectionPool } from "./ConnectionPool.js";
import type { DatabaseTarget } from "./databaseTarget.js";
import { PooledConnection } from "./PooledConnection.js";

export interface PoolOptions {
  readonly target: DatabaseTarget;
  readonly max: number;
  readonly connectTimeoutMs: number;
  readonly keepAliveMs: number;
}

/** The server's connection pool: `max` single connections, each with TCP keepalive. */
export function createPool(options: PoolOptions): ConnectionPool {
  return new ConnectionPool(() => new PooledConnection({ url: options.target.url, extra: options.target.options, tls: options.target.tls, connectTimeoutMs: options.connectTimeoutMs, keepAliveMs: options.keepAliveMs }), options.max);
}
