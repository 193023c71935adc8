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
  /**
   * Set on the final message only, which carries no rows. After a resume these are the totals of
   * the call that finished the stream; its `firstRowIndex` is the total of the whole result.
   */
  readonly stats: QueryStats | undefined;
  /**
   * The position after this message's last row: `query.resumeFrom(token)` continues from there, in
   * another process if need be. Undefined on the final message (and from servers without tokens).
   */
  readonly resumeToken: Uint8Array | undefined;
}
