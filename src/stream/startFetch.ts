import type { Sql } from "../db/Sql.js";
import type { BatchPacker } from "./BatchPacker.js";
import { connectionClosed } from "./connectionClosed.js";
import type { RawRow } from "./RawRow.js";

/** One FETCH on its way: its rows packed into messages as they arrive, and how long it took. */
export interface Fetch {
  readonly query: PromiseLike<unknown> & { cancel(): unknown };
  readonly packer: BatchPacker;
  /** Milliseconds from the request to the last row; 0 until then. */
  ms: number;
}

/**
 * Sends `fetch forward n` on the stream's cursor and hands each row, as raw bytes column by column,
 * to `packer`. The count is our own integer and the cursor name a constant: no input reaches this text.
 */
export function startFetch(conn: Sql, cursor: string, n: number, isClosed: () => boolean, packer: BatchPacker): Fetch {
  // Writing to a connection that closed while we waited for the client would crash the process.
  if (isClosed()) throw connectionClosed();
  const query = conn
    .unsafe(`fetch forward ${n} from ${cursor}`)
    .simple()
    .raw()
    .forEach((row) => packer.add(row as unknown as RawRow)) as unknown as Fetch["query"];
  const requestedAt = performance.now();
  const fetch: Fetch = { query, packer, ms: 0 };
  // Also what observes a failure at once: a prefetch may fail (the backend terminated) while the
  // stream is parked at a yield, waiting for the client to read; an unobserved rejection then kills
  // the process (issue 8, defect 1). Whoever awaits the query later still gets the error.
  void query.then(
    () => void (fetch.ms = performance.now() - requestedAt),
    () => {},
  );
  return fetch;
}
