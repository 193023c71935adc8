// A comment in a statement's text that names the stream running it; the tag is our own random id.
const TAG = /\/\* fraiseql-wire stream ([0-9a-f]+) \*\//;

/** Whether the connection a stream reserved is still open. */
export interface ConnectionState {
  readonly closed: boolean;
  stop(): void;
}

/**
 * Tells a stream that the connection it reserved has closed under it (failover, pg_terminate_backend,
 * idle_in_transaction_session_timeout). postgres.js 3.4.9 gives a reserved connection no close
 * signal, and a statement written to a closed one throws from a timer and kills the process
 * (porsager/postgres issue 1208), so streams must know before they send the next FETCH.
 * postgres.js identifies connections only in its `debug` and `onclose` hooks: a tagged BEGIN maps
 * the stream to its connection id, and `onclose` marks that id closed.
 */
export class ConnectionWatch {
  private readonly idByTag = new Map<string, number>();
  private readonly watchers = new Map<number, Set<{ closed: boolean }>>();

  readonly debug = (connection: number, query: string): void => {
    const tag = TAG.exec(query)?.[1];
    if (tag !== undefined) this.idByTag.set(tag, connection);
  };

  readonly onclose = (connection: number): void => {
    for (const state of this.watchers.get(connection) ?? []) state.closed = true;
    this.watchers.delete(connection);
  };

  /** The comment to put in the first statement a stream sends on its reserved connection. */
  static tagComment(tag: string): string {
    return `/* fraiseql-wire stream ${tag} */`;
  }

  /** Starts watching the connection that ran the statement tagged `tag` (call after it completed). */
  track(tag: string): ConnectionState {
    const id = this.idByTag.get(tag);
    this.idByTag.delete(tag);
    const state = { closed: false };
    if (id === undefined) return { closed: false, stop: () => {} };
    const set = this.watchers.get(id) ?? new Set();
    set.add(state);
    this.watchers.set(id, set);
    return {
      get closed() {
        return state.closed;
      },
      stop: () => {
        set.delete(state);
        if (set.size === 0 && this.watchers.get(id) === set) this.watchers.delete(id);
      },
    };
  }
}
