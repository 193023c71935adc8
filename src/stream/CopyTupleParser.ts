import type { RawRow } from "./RawRow.js";

// PostgreSQL's binary COPY signature: "PGCOPY\n\377\r\n\0", then int32 flags and int32 extension length.
const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
const HEADER = SIGNATURE.length + 8;

/**
 * Splits the bytes of a binary `COPY … TO STDOUT` into rows, column by column, as the same RawRow
 * a text-format FETCH gives (every column is selected as `::text`, whose binary form is its UTF-8
 * text). Rows are slices of the chunk they arrived in, like postgres.js's `.raw()` rows; a row that
 * spans chunks is copied once, when its last byte has arrived (chunks are kept, not re-joined on
 * every arrival, so a 1 MB row costs one copy). https://www.postgresql.org/docs/current/sql-copy.html
 * ("Binary Format").
 */
export class CopyTupleParser {
  readonly #onRow: (row: RawRow) => void;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  // Bytes needed before parsing can make progress (a tuple's known length so far).
  #need = HEADER;
  #header = true;
  #done = false;

  constructor(onRow: (row: RawRow) => void) {
    this.#onRow = onRow;
  }

  /** True once the trailer (field count -1) has been read. */
  get done(): boolean {
    return this.#done;
  }

  /** Bytes held for a row that has not arrived whole. */
  get heldBytes(): number {
    return this.#pendingBytes;
  }

  push(chunk: Buffer): void {
    if (this.#done || chunk.length === 0) return;
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
    if (this.#pendingBytes < this.#need) return;
    const buf = this.#pending.length === 1 ? this.#pending[0]! : Buffer.concat(this.#pending, this.#pendingBytes);
    this.#pending = [];
    this.#pendingBytes = 0;
    const rest = this.#parse(buf);
    if (rest < buf.length && !this.#done) {
      const left = buf.subarray(rest);
      this.#pending.push(left);
      this.#pendingBytes = left.length;
    }
  }

  /** Parses whole tuples from `buf`; returns the offset of the first byte not consumed. */
  #parse(buf: Buffer): number {
    let at = 0;
    if (this.#header) {
      if (buf.length < HEADER) return (this.#need = HEADER), 0;
      if (!buf.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error("COPY output is not in PostgreSQL's binary format");
      const extension = buf.readInt32BE(SIGNATURE.length + 4);
      if (buf.length < HEADER + extension) return (this.#need = HEADER + extension), 0;
      at = HEADER + extension;
      this.#header = false;
    }
    const end = buf.length;
    for (;;) {
      const start = at;
      if (end - at < 2) return (this.#need = 2), start;
      const fields = buf.readInt16BE(at);
      at += 2;
      if (fields === -1) {
        this.#done = true;
        return at;
      }
      // Walk the lengths first: a tuple is handed on only once it is whole.
      let scan = at;
      let whole = true;
      for (let i = 0; i < fields; i++) {
        if (end - scan < 4) {
          whole = false;
          this.#need = scan + 4 - start;
          break;
        }
        const length = buf.readInt32BE(scan);
        scan += 4 + (length > 0 ? length : 0);
        if (scan > end) {
          whole = false;
          this.#need = scan - start;
          break;
        }
      }
      if (!whole) return start;
      const row: (Buffer | null)[] = new Array(fields);
      for (let i = 0; i < fields; i++) {
        const length = buf.readInt32BE(at);
        at += 4;
        if (length < 0) row[i] = null;
        else {
          row[i] = buf.subarray(at, at + length);
          at += length;
        }
      }
      this.#need = 2;
      this.#onRow(row);
    }
  }
}
