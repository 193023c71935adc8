import { fromNodeError } from "./fromNodeError.js";
import { fromPostgresError } from "./fromPostgresError.js";
import { isPostgresError } from "./PostgresLike.js";
import type { QueryContext } from "./QueryContext.js";
import { WireError } from "./WireError.js";

/** The message of every error the service cannot classify; the cause goes to the log only. */
export const INTERNAL_MESSAGE = "internal error: the server logged the cause. Report it with the request id of this call (RequestInfo).";

/**
 * Normalises anything thrown into a WireError. `context` names the query a database error
 * interrupted, when the stream layer knows it. Unknown errors become INTERNAL with their cause kept.
 */
export function toWireError(error: unknown, context?: QueryContext): WireError {
  if (error instanceof WireError) return error;
  if (isPostgresError(error)) return fromPostgresError(error, context);
  return fromNodeError(error) ?? new WireError("INTERNAL", INTERNAL_MESSAGE, { cause: error });
}
