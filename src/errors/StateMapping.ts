import type { Reason } from "./catalog.js";

/** A SQLSTATE's place in the catalog: the reason and the message (the caller adds sqlstate metadata). */
export interface StateMapping {
  readonly reason: Reason;
  readonly message: string;
  /** Values in the message beyond the SQLSTATE, entity and view. */
  readonly metadata?: Readonly<Record<string, string | number>>;
}
