import { Socket, type NetConnectOpts } from "node:net";

// The comment a stream puts in the first statement it sends on its reserved connection; the tag is
// our own random id (16 hex digits), never input.
const MARK = Buffer.from("/* fraiseql-wire stream ");
const TAG_LENGTH = 16;

/** The socket under one stream's reserved connection, as far as the stream needs to know it. */
export interface ConnectionState {
  /** True once the socket closed: no statement may be written to the connection any more. */
  readonly closed: boolean;
  /** Closes the socket at once; postgres.js then fails the statement in flight with CONNECTION_CLOSED. */
  destroy(): void;
}

/**
 * Gives a stream a handle on the socket under the connection it reserved. postgres.js 3.4.9 gives a
 * reserved connection neither a close signal nor a way to close it: a statement written to a closed
 * one throws from a timer and kills the process (porsager/postgres issue 1208), and a connection
 * behind a network partition answers nothing until the OS gives up, many minutes later. So the pool
 * creates its sockets here (postgres.js's `socket` option), and a stream finds its own socket by the
 * tag in its first statement: the bytes of that statement are written to that socket and no other.
 * Over TLS the tag is encrypted and the stream gets no handle (`track` returns undefined).
 */
export class ConnectionWatch {
  private readonly awaited = new Set<string>();
  private readonly byTag = new Map<string, Socket>();
  // A multi-host DATABASE_URL: each new socket tries the next host, as postgres.js itself would.
  private nextHost = 0;

  constructor(private readonly keepAliveMs: number) {}

  /** postgres.js's `socket` option: a plain TCP or Unix socket with TCP keepalive, watched for tags. */
  readonly socket = (options: { host: string[]; port: number[]; path?: string }): Socket => {
    const socket = new WatchedSocket(this);
    const i = this.nextHost++ % Math.max(1, options.host.length);
    const target: NetConnectOpts = options.path ? { path: options.path } : { host: options.host[i] ?? "localhost", port: options.port[i] ?? options.port[0] ?? 5432 };
    socket.connect(target);
    if (!options.path) socket.setKeepAlive(true, this.keepAliveMs);
    return socket;
  };

  /** The comment to put in the first statement a stream sends; then `track(tag)` or `forget(tag)`. */
  tagComment(tag: string): string {
    this.awaited.add(tag);
    return `${MARK.toString()}${tag} */`;
  }

  /** The state of the connection whose socket carried the statement tagged `tag`. */
  track(tag: string): ConnectionState | undefined {
    const socket = this.byTag.get(tag);
    this.forget(tag);
    if (socket === undefined) return undefined;
    return {
      get closed() {
        return socket.destroyed;
      },
      destroy: () => {
        socket.destroy();
      },
    };
  }

  /** Stops waiting for a tag whose statement may never have been written. */
  forget(tag: string): void {
    this.awaited.delete(tag);
    this.byTag.delete(tag);
  }

  /** Called by every watched socket with what postgres.js writes: cheap unless a tag is awaited. */
  noteWrite(socket: Socket, chunk: unknown): void {
    if (this.awaited.size === 0 || !Buffer.isBuffer(chunk)) return;
    const at = chunk.indexOf(MARK);
    if (at < 0) return;
    const start = at + MARK.length;
    const tag = chunk.toString("latin1", start, start + TAG_LENGTH);
    if (this.awaited.has(tag)) this.byTag.set(tag, socket);
  }
}

// The hook is on _write/_writev, not write: net.Socket.connect() resets an overridden write() to its own.
class WatchedSocket extends Socket {
  constructor(private readonly watch: ConnectionWatch) {
    super();
  }

  override _write(chunk: unknown, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.watch.noteWrite(this, chunk);
    super._write(chunk, encoding, callback);
  }

  override _writev(chunks: Array<{ chunk: unknown; encoding: BufferEncoding }>, callback: (error?: Error | null) => void): void {
    for (const { chunk } of chunks) this.watch.noteWrite(this, chunk);
    (Socket.prototype as unknown as { _writev: (c: unknown, cb: unknown) => void })._writev.call(this, chunks, callback);
  }
}
