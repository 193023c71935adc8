import type { FilterExpr } from "./FilterExpr.js";
import type { OrderTerm } from "./OrderTerm.js";

/** A validated StreamQuery request: everything needed to compile SQL once the view is known. */
export interface QuerySpec {
  readonly entity: string;
  readonly filter: FilterExpr | undefined;
  readonly orderBy: readonly OrderTerm[];
  /** undefined = no limit. */
  readonly limit: number | undefined;
  readonly offset: number;
  readonly chunkRows: number;
  readonly chunkBytes: number;
  /** The request's resume_token, when it resumes a stream (checked by the stream, which holds the key). */
  readonly resumeToken: Uint8Array | undefined;
}

/** The request fields QuerySpec is built from (as decoded from the wire). */
export interface QueryRequest {
  readonly entity: string;
  readonly filter: string;
  readonly orderBy: string;
  readonly limit: number;
  readonly offset: number;
  readonly chunkRows: number;
  readonly chunkBytes: number;
  readonly resumeToken?: Uint8Array;
}

/** The server's chunk defaults and bounds. */
export interface ChunkLimits {
  readonly chunkRows: number;
  readonly maxChunkRows: number;
  readonly chunkBytes: number;
  readonly maxChunkBytes: number;
}
