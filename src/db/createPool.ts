import { ConnectionPool } from "./ConnectionPool.js";
import { PooledConnection } from "./PooledConnection.js";

export interface PoolOptions {
  readonly url: string;
  readonly max: number;
  readonly connectTimeoutMs: number;
  readonly keepAliveMs: number;
}

/** The server's connection pool: `max` single connections, each with TCP keepalive. */
export function createPool(options: PoolOptions): ConnectionPool {
  return new ConnectionPool(() => new PooledConnection({ url: options.url, connectTimeoutMs: options.connectTimeoutMs, keepAliveMs: options.keepAliveMs }), options.max);
}
