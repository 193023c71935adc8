import { Socket, type NetConnectOpts } from "node:net";

/** What postgres.js passes to its `socket` option: the hosts and ports of DATABASE_URL. */
export interface SocketTarget {
  readonly host: readonly string[];
  readonly port: readonly number[];
  readonly path?: string;
}

/**
 * A TCP (or Unix) socket to PostgreSQL with TCP keepalive, for postgres.js's `socket` option. A
 * multi-host DATABASE_URL is tried host after host, one per new socket, as postgres.js itself does.
 */
export function connectSocket(target: SocketTarget, attempt: number, keepAliveMs: number): Socket {
  const socket = new Socket();
  const i = attempt % Math.max(1, target.host.length);
  const options: NetConnectOpts = target.path
    ? { path: target.path }
    : { host: target.host[i] ?? "localhost", port: target.port[i] ?? target.port[0] ?? 5432, keepAlive: true, keepAliveInitialDelay: keepAliveMs };
  socket.connect(options);
  // postgres.js names the TLS server (SNI) after socket.host, which it sets only on sockets it makes.
  if (!target.path) Object.assign(socket, { host: target.host[i] ?? "localhost" });
  return socket;
}
