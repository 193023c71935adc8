import type { KeysetPosition } from "../query/KeysetPosition.js";
import type { ResumePosition } from "./resume/ResumePosition.js";

/** Rows bound for one message, as PostgreSQL's own UTF-8 text (never decoded into JS strings). */
export interface RowChunk {
  readonly rows: readonly Buffer[];
  /** The size of the rows once framed as protobuf field 1 (what the byte cap limits). */
  readonly framedBytes: number;
  /** Index of rows[0] in the whole result. */
  readonly firstRowIndex: number;
  /** A keyset stream's position of the last row (its order_by values and id); undefined otherwise. */
  readonly lastKeyset: KeysetPosition | undefined;
  /** The position after the last row (set by the stream, which also signs it as resumeToken). */
  readonly position?: ResumePosition;
  /** The resume token naming that position. */
  readonly resumeToken?: Buffer;
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
  /** `firstRowIndex` of the final message: the rows of the original result delivered in all. */
  | { readonly kind: "end"; readonly stats: StreamStats; readonly firstRowIndex: number };
