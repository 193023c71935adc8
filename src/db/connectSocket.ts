import { Socket, type NetConnectOpts } from "node:net";
import type { TLSSocket } from "node:tls";
import type { DatabaseTls } from "./DatabaseTls.js";
import { startTls } from "./startTls.js";

/** What postgres.js passes to its `socket` option: the hosts and ports of DATABASE_URL. */
export interface SocketTarget {
  readonly host: readonly string[];
  readonly port: readonly number[];
  readonly path?: string;
}

/** A socket on its way to PostgreSQL: `plain` at once, `ready` once connected (and TLS set up, if asked). */
export interface PendingSocket {
  readonly plain: Socket;
  readonly ready: Promise<Socket | TLSSocket>;
}

/**
 * A TCP (or Unix) socket to PostgreSQL with TCP keepalive, for postgres.js's `socket` option. A
 * multi-host DATABASE_URL is tried host after host, one per new socket, as postgres.js itself does.
 * With `tls`, the socket is upgraded before postgres.js gets it (startTls).
 */
export function connectSocket(target: SocketTarget, attempt: number, keepAliveMs: number, tls?: DatabaseTls, timeoutMs = 5000): PendingSocket {
  const socket = new Socket();
  const i = attempt % Math.max(1, target.host.length);
  const options: NetConnectOpts = target.path
    ? { path: target.path }
    : { host: target.host[i] ?? "localhost", port: target.port[i] ?? target.port[0] ?? 5432, keepAlive: true, keepAliveInitialDelay: keepAliveMs };
  socket.connect(options);
  if (tls === undefined || target.path) return { plain: socket, ready: Promise.resolve(socket) };
  const host = target.host[i] ?? "localhost";
  const connected = new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  return { plain: socket, ready: connected.then(() => startTls(socket, host, tls, timeoutMs)) };
}
