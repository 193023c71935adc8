import type { WireError } from "../errors/WireError.js";

/**
 * What a handler tells the wrapper around it (observeCall) about the call it serves; the wrapper
 * turns it into the access-log line, the span's attributes and the metrics. Rows, bytes, messages
 * and backpressure the wrapper sees for itself.
 */
export class CallRecord {
  /** The entity as the client named it (the access log's `entity`; metrics use the catalog's name). */
  entity = "";
  /**
   * True when the call resumes an interrupted stream (its request carries a resume token): the span
   * gets fraiseql.resumed=true and fraiseql.wire.resumes counts it, by entity.
   */
  resumed = false;
  /**
   * Who made the call, once authentication knows (issue 12 sets it): the access line's `caller` and
   * the span's enduser.id. Never used as a metric attribute: callers are unbounded.
   */
  caller: string | undefined;
  /** The error the call ended with, as the error funnel (reportError) sent it. */
  error: WireError | undefined;

  constructor(
    /** The id in RequestInfo, in the access log and on the span. */
    readonly requestId: string,
    /** When the call arrived (process.hrtime.bigint()). */
    readonly startedAt: bigint,
  ) {}
}
