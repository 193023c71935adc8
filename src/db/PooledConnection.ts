import postgres from "postgres";
import type { Socket } from "node:net";
import { connectSocket } from "./connectSocket.js";
import type { DatabaseTls } from "./DatabaseTls.js";
import type { Sql } from "./Sql.js";

/** What a stream can learn about, and do to, the connection it holds, from the moment it looks. */
export interface ConnectionState {
  /** True once the connection closed: no statement may be written to it any more. */
  readonly closed: boolean;
  /** Closes its sockets at once; postgres.js then fails the statement in flight with CONNECTION_CLOSED. */
  destroy(): void;
}

export interface ConnectionOptions {
  readonly url: string;
  /** postgres.js options from DATABASE_URL and the password file (databaseTarget), without `ssl`. */
  readonly extra: Readonly<Record<string, unknown>>;
  /** TLS, negotiated by the pool's own sockets (see startTls). */
  readonly tls: DatabaseTls | undefined;
  readonly connectTimeoutMs: number;
  readonly keepAliveMs: number;
}

/**
 * One PostgreSQL connection: a postgres.js instance of max 1, plus what postgres.js 3.4.9 does not
 * give a held connection: a close signal and a way to close it. Without the first, a statement
 * written to a closed connection throws from a timer and kills the process (porsager/postgres
 * issue 1208); without the second, a connection behind a network partition answers nothing until
 * the OS gives up, many minutes later. postgres.js calls `onclose` for its pooled connection only
 * (not for the short connections that carry a CancelRequest), TLS or not; the sockets come from
 * its `socket` option, so closing them closes the connection, TLS or not.
 */
export class PooledConnection {
  readonly sql: Sql;
  /**
   * SQL texts this connection runs as named prepared statements (see Lease.prepareFor); bounded, so
   * that clients sending ever new filter shapes cannot grow the backend's memory without end.
   */
  readonly prepared = new Set<string>();
  private closes = 0;
  private ended = false;
  private attempts = 0;
  private readonly sockets = new Set<Socket>();

  constructor(options: ConnectionOptions) {
    this.sql = postgres(options.url, {
      ...options.extra,
      // TLS is set up on the socket before postgres.js sees it.
      ssl: false,
      max: 1,
      connect_timeout: Math.max(1, Math.ceil(options.connectTimeoutMs / 1000)),
      idle_timeout: 60,
      // No array-type lookup on connect: rows travel as raw bytes and no query here reads or binds a
      // PostgreSQL array. It also saves a round trip per new connection, and postgres.js 3.4.9 leaves
      // the lookup's promise unobserved: a backend terminated during it crashed the process (seen).
      fetch_types: false,
      onnotice: () => {},
      onclose: () => {
        this.closes += 1;
      },
      connection: { application_name: "fraiseql-wire" },
      // The option is documented ("Custom socket" in postgres.js's README) but missing from its types.
      ...({
        socket: (target: Parameters<typeof connectSocket>[0]) => {
          // postgres.js may still reconnect an instance after end() (a statement queued behind a
          // failed one): a connection nobody owns would sit in PostgreSQL until its idle timeout.
          if (this.ended) throw Object.assign(new Error("this pooled connection was discarded"), { code: "CONNECTION_DESTROYED" });
          const pending = connectSocket(target, this.attempts++, options.keepAliveMs, options.tls, options.connectTimeoutMs);
          this.track(pending.plain);
          return pending.ready.then((socket) => {
            // Upgraded: closing the TLS socket closes the plain one under it, never the reverse.
            if (socket !== pending.plain) {
              this.sockets.delete(pending.plain);
              this.track(socket);
            }
            return socket;
          });
        },
      } as object),
    }) as unknown as Sql;
  }

  /** The connection as it is from now on: `closed` turns true when it closes after this call. */
  watch(): ConnectionState {
    const since = this.closes;
    const closes = (): number => this.closes;
    return {
      get closed() {
        return closes() !== since;
      },
      destroy: () => this.destroy(),
    };
  }

  /** Closes every socket of this connection (its session and any CancelRequest in flight). */
  destroy(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once("close", () => this.sockets.delete(socket));
  }

  end(timeoutSeconds: number): Promise<void> {
    this.ended = true;
    return this.sql.end({ timeout: timeoutSeconds });
  }
}
