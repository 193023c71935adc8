import { codeFacts } from "./codeFacts.js";
import { decodeStatusDetails } from "./decodeStatusDetails.js";
import { StatusCode, statusCodeName } from "./StatusCode.js";
import { WireClientError } from "./WireClientError.js";

/** The shape of a grpc-js ServiceError, read structurally so this file need not import grpc-js. */
interface StatusLike {
  readonly code: number;
  readonly details?: string;
  readonly metadata?: { get(key: string): ReadonlyArray<string | Buffer> };
}

function isStatusLike(error: unknown): error is StatusLike {
  return typeof error === "object" && error !== null && typeof (error as { code?: unknown }).code === "number";
}

/**
 * Normalises anything a call can throw into a WireClientError (like connect-es's
 * ConnectError.from): a grpc-js status with rich details, one without (transport failures,
 * proxies: facts come from the code), or a non-gRPC error (INTERNAL, kept as cause).
 */
export function toWireClientError(error: unknown): WireClientError {
  if (error instanceof WireClientError) return error;
  if (!isStatusLike(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return new WireClientError(`client error: ${message}`, fallback(StatusCode.INTERNAL, "INTERNAL"), { cause: error });
  }
  const trailer = error.metadata?.get("grpc-status-details-bin")[0];
  const details = trailer instanceof Uint8Array ? decodeStatusDetails(trailer) : undefined;
  const info = details?.errorInfo;
  const base = fallback(error.code, statusCodeName(error.code));
  if (details === undefined || info === undefined) {
    return new WireClientError(error.details || details?.message || statusCodeName(error.code), base, { cause: error });
  }
  const metadata = { ...info.metadata };
  const count = (key: string): number | undefined => {
    const n = Number(metadata[key]);
    return metadata[key] !== undefined && Number.isSafeInteger(n) ? n : undefined;
  };
  return new WireClientError(
    error.details || details.message,
    {
      code: error.code,
      reason: info.reason || base.reason,
      category: metadata["category"] ?? base.category,
      retriable: metadata["retriable"] === undefined ? base.retriable : metadata["retriable"] === "true",
      retryDelayMs: details.retryDelayMs,
      helpLinks: details.helpLinks,
      rowsReceived: count("rowsReceived") ?? 0,
      nextOffset: count("nextOffset"),
      requestId: details.requestId,
      metadata,
      fieldViolations: details.fieldViolations,
    },
    { cause: error },
  );
}

function fallback(code: number, reason: string) {
  return {
    code,
    reason,
    ...codeFacts(code),
    retryDelayMs: undefined,
    helpLinks: [],
    rowsReceived: 0,
    nextOffset: undefined,
    requestId: undefined,
    metadata: {},
    fieldViolations: [],
  };
}
