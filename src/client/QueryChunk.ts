/** Totals of a finished stream, from its final message. */
export interface QueryStats {
  /** Rows sent. */
  readonly rows: number;
  /** Bytes of JSON text sent (UTF-8). */
  readonly bytes: number;
  /** Server time from the request's arrival to the first row leaving. */
  readonly timeToFirstRowMicros: number;
  /** Server time from the request's arrival to the final message. */
  readonly durationMicros: number;
  /** Messages sent, the final one included. */
  readonly messages: number;
}

/** One message of a stream as the server sent it. */
export interface QueryChunk {
  /** JSON documents, byte for byte as PostgreSQL renders them. */
  readonly rows: readonly string[];
  /** The index of rows[0] in the whole result (counted after offset). */
  readonly firstRowIndex: number;
  /** Set on the final message only, which carries no rows. */
  readonly stats: QueryStats | undefined;
}
