/** Rows bound for one message, as PostgreSQL's own UTF-8 text (never decoded into JS strings). */
export interface RowChunk {
  readonly rows: readonly Buffer[];
  /** The size of the rows once framed as protobuf field 1 (what the byte cap limits). */
  readonly framedBytes: number;
  /** Index of rows[0] in the whole result. */
  readonly firstRowIndex: number;
}

/** Totals of a finished stream, sent on its final message. */
export interface StreamStats {
  readonly rows: number;
  readonly bytes: number;
  readonly timeToFirstRowMicros: number;
  readonly durationMicros: number;
  readonly messages: number;
}

/** What a query stream yields: chunks of rows, then exactly one `end` on success. */
export type StreamItem =
  | { readonly kind: "rows"; readonly chunk: RowChunk }
  | { readonly kind: "end"; readonly stats: StreamStats };
