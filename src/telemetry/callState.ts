import { context, createContextKey, type Span } from "@opentelemetry/api";

/** What the stream hooks learn about one call, for its span and metrics; kept in the call's context. */
export interface CallState {
  readonly span: Span;
  /** The catalog's name for the entity (fraiseql.entity): known once the lookup succeeded. */
  entity: string | undefined;
  backpressureWaits: number;
  backpressureMs: number;
  /** performance.now() when the current wait for the client began; undefined when not waiting. */
  blockedAt: number | undefined;
}

export const CALL_STATE = createContextKey("fraiseql-wire call state");

/** The state of the call whose context is active, if telemetry runs. */
export function activeCallState(): CallState | undefined {
  return context.active().getValue(CALL_STATE) as CallState | undefined;
}
