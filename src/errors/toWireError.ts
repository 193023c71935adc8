import { fromNodeError } from "./fromNodeError.js";
import { fromPostgresError, isPostgresError } from "./fromPostgresError.js";
import { WireError } from "./WireError.js";

/** Normalises anything thrown into a WireError; unknown errors become INTERNAL with their cause kept. */
export function toWireError(error: unknown): WireError {
  if (error instanceof WireError) return error;
  if (isPostgresError(error)) return fromPostgresError(error);
  return fromNodeError(error) ?? new WireError("INTERNAL", "internal error: the server logged the cause.", { cause: error });
}
