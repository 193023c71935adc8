import { WireError } from "../errors/WireError.js";
import { framedSize } from "./framedSize.js";
import type { RawRow } from "./RawRow.js";
import type { RowChunk } from "./RowChunk.js";

export interface ChunkCaps {
  readonly maxRows: number;
  readonly maxBytes: number;
  /** The server's upper bound for chunk_bytes, named in the ROW_TOO_LARGE hint. */
  readonly serverMaxBytes: number;
}

// A SQL NULL in `data` is not a document; JSON null is the closest faithful rendering.
const JSON_NULL = Buffer.from("null");

/**
 * Splits one fetched batch into message-sized chunks, capped by rows and by framed bytes. Chunks
 * never span batches, so the first rows of a stream leave as soon as the first fetch returns.
 */
export function* packRows(batch: readonly RawRow[], caps: ChunkCaps, firstRowIndex: number): Generator<RowChunk> {
  let rows: Buffer[] = [];
  let bytes = 0;
  let start = firstRowIndex;
  for (let i = 0; i < batch.length; i++) {
    const row = batch[i]![0] ?? JSON_NULL;
    const size = framedSize(row.length);
    if (size > caps.maxBytes) {
      // The rows before it are good: deliver them, so the error's rowsReceived is where it stopped.
      if (rows.length > 0) yield { rows, framedBytes: bytes, firstRowIndex: start, last: batch[i - 1]! };
      throw rowTooLarge(firstRowIndex + i, row.length, caps);
    }
    if (rows.length > 0 && (rows.length >= caps.maxRows || bytes + size > caps.maxBytes)) {
      yield { rows, framedBytes: bytes, firstRowIndex: start, last: batch[i - 1]! };
      start += rows.length;
      rows = [];
      bytes = 0;
    }
    rows.push(row);
    bytes += size;
  }
  if (rows.length > 0) yield { rows, framedBytes: bytes, firstRowIndex: start, last: batch[batch.length - 1]! };
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
