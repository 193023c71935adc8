import { WireError } from "../errors/WireError.js";
import type { KeysetPosition } from "../query/KeysetPosition.js";
import { framedSize } from "./framedSize.js";
import type { RawRow } from "./RawRow.js";
import type { RowChunk } from "./RowChunk.js";

export interface ChunkCaps {
  readonly maxRows: number;
  readonly maxBytes: number;
  /** The server's upper bound for chunk_bytes, named in the ROW_TOO_LARGE hint. */
  readonly serverMaxBytes: number;
}

/** One FETCH's rows, packed into messages. */
export interface PackedBatch {
  readonly chunks: readonly RowChunk[];
  /** Rows and bytes of `data` fetched (for sizing the next fetch). */
  readonly rows: number;
  readonly bytes: number;
  /** A row too large for a message: the chunks before it go out, then this error. */
  readonly tooLarge: WireError | undefined;
}

// A SQL NULL in `data` is not a document; JSON null is the closest faithful rendering.
const JSON_NULL = Buffer.from("null");

/**
 * Packs rows into message-sized chunks as they arrive from a FETCH, capped by rows and by framed
 * bytes. Chunks never span fetches, so the first rows of a stream leave as soon as the first fetch
 * returns. Packing while the rows arrive, rather than when they are sent, keeps only `data` of each
 * row: a keyset stream's position columns are read from the last row of each chunk, as it closes,
 * and the row arrays die young (holding them until a slow client read them doubled GC time).
 */
/** A packer for the rows from `rowIndex` (counted from this cursor's first row) on. */
export type PackerFor = (rowIndex: number) => BatchPacker;

export class BatchPacker {
  readonly #caps: ChunkCaps;
  readonly #positionColumns: number;
  readonly #chunks: RowChunk[] = [];
  #rows: Buffer[] = [];
  #framed = 0;
  #start: number;
  #last: RawRow | undefined;
  #count = 0;
  #bytes = 0;
  #tooLarge: WireError | undefined;

  constructor(caps: ChunkCaps, positionColumns: number, firstRowIndex: number) {
    this.#caps = caps;
    this.#positionColumns = positionColumns;
    this.#start = firstRowIndex;
  }

  /** Rows added (those after a row too large are not). */
  get count(): number {
    return this.#count;
  }

  /** Bytes of `data` added. */
  get bytes(): number {
    return this.#bytes;
  }

  /** True once a row too large for a message was met (no more rows are taken). */
  get full(): boolean {
    return this.#tooLarge !== undefined;
  }

  add(row: RawRow): void {
    if (this.#tooLarge !== undefined) return;
    const data = row[0] ?? JSON_NULL;
    const size = framedSize(data.length);
    if (size > this.#caps.maxBytes) {
      this.#close();
      this.#tooLarge = rowTooLarge(this.#start, data.length, this.#caps);
      return;
    }
    if (this.#rows.length > 0 && (this.#rows.length >= this.#caps.maxRows || this.#framed + size > this.#caps.maxBytes)) this.#close();
    this.#rows.push(data);
    this.#framed += size;
    this.#last = row;
    this.#count += 1;
    this.#bytes += data.length;
  }

  finish(): PackedBatch {
    this.#close();
    return { chunks: this.#chunks, rows: this.#count, bytes: this.#bytes, tooLarge: this.#tooLarge };
  }

  #close(): void {
    if (this.#rows.length === 0) return;
    this.#chunks.push({ rows: this.#rows, framedBytes: this.#framed, firstRowIndex: this.#start, lastKeyset: this.#keysetOf(this.#last!) });
    this.#start += this.#rows.length;
    this.#rows = [];
    this.#framed = 0;
    this.#last = undefined;
  }

  /** The order_by values (jsonb text) and id the statement selected after `data`. */
  #keysetOf(row: RawRow): KeysetPosition | undefined {
    const id = this.#positionColumns === 0 ? null : row[this.#positionColumns];
    if (id === null || id === undefined) return undefined;
    const values = row.slice(1, this.#positionColumns).map((value) => (value === null ? null : value.toString("utf8")));
    return { values, id: id.toString("utf8") };
  }
}

function rowTooLarge(index: number, length: number, caps: ChunkCaps): WireError {
  const canRaise = caps.maxBytes < caps.serverMaxBytes && framedSize(length) <= caps.serverMaxBytes;
  const fix = canRaise
    ? `Request a larger chunk_bytes (at least ${framedSize(length)}, this server allows up to ${caps.serverMaxBytes}).`
    : `The server's maximum (FRAISEQL_WIRE_MAX_CHUNK_BYTES=${caps.serverMaxBytes}) is too small for it: raise it on the server (and the client's max receive message length), or exclude the row with a filter.`;
  return new WireError(
    "ROW_TOO_LARGE",
    `row ${index} is ${length} bytes, larger than the message cap of ${caps.maxBytes} bytes. ${fix}`,
    { metadata: { rowIndex: index, rowBytes: length, chunkBytes: caps.maxBytes, maxChunkBytes: caps.serverMaxBytes } },
  );
}
