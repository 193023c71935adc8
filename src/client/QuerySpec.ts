import type { Filter } from "./Filter.js";
import type { QueryChunk } from "./QueryChunk.js";
import type { QueryProgress } from "./QueryProgress.js";
import type { ResumePolicy } from "./resume/ResumeOptions.js";
import type { RowStep } from "./RowStep.js";

/** Everything a Query builder has collected; frozen, copied on every builder call. */
export interface QuerySpec {
  /** The entity, as given to {@link WireClient.query}. */
  readonly entity: string;
  /** The server-side filter: every {@link Query.where} ANDed; `""` matches every row. */
  readonly filter: Filter;
  /** The order_by text; `""` is the view's order (unspecified). */
  readonly orderBy: string;
  /** At most this many rows; 0 is no limit. */
  readonly limit: number;
  /** Rows skipped first. */
  readonly offset: number;
  /** Rows per message; 0 is the server's default. */
  readonly chunkRows: number;
  /** Row bytes per message; 0 is the server's default. */
  readonly chunkBytes: number;
  /** Cancels the stream when it fires. */
  readonly signal: AbortSignal | undefined;
  /** Overrides the client's default deadline for this query; undefined keeps the default. */
  readonly deadlineMs: number | undefined;
  /** The client-side steps ({@link Query.filterRows}, {@link Query.validate}), in order. */
  readonly steps: readonly RowStep[];
  /** Auto-resume: on by default (docs/resume.md). */
  readonly resume: ResumePolicy;
  /** Start after this position (resumeFrom), instead of at the query's first row. */
  readonly resumeToken: Uint8Array | undefined;
}

/**
 * Opens the stream of a spec, resumed across calls as its policy says, and keeps `progress` up to
 * date; supplied by WireClient so that Query stays free of gRPC.
 * @internal
 */
export type OpenStream = (spec: QuerySpec, progress: QueryProgress) => AsyncIterable<QueryChunk>;

/** A whole number in [0, max], or a RangeError naming the builder method. */
export function checkCount(method: string, n: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isSafeInteger(n) || n < 0 || n > max) {
    throw new RangeError(`${method}(${n}): expected a whole number from 0 to ${max}`);
  }
  return n;
}
