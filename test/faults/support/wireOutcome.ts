import { status, type ServiceError } from "@grpc/grpc-js";
import { decodeDetails } from "../../support/decodeDetails.js";

/** What a caller reads from the end of a call: the fault matrix's "what the caller receives". */
export interface WireOutcome {
  /** "OK", or the gRPC code's name. */
  readonly code: string;
  /** ErrorInfo.reason; undefined for OK and for statuses without details (transport errors). */
  readonly reason: string | undefined;
  /** RetryInfo present. */
  readonly retriable: boolean;
  /** ErrorInfo.metadata (rowsReceived, nextOffset, errorCode, …). */
  readonly metadata: Readonly<Record<string, string>>;
  /** One line: `UNAVAILABLE DATABASE_UNAVAILABLE retriable rowsReceived=… nextOffset=…`. */
  readonly summary: string;
}

const SHOWN = ["rowsReceived", "nextOffset", "errorCode", "rowIndex"];

/** Decodes how a call ended, as a client library would (grpc-status-details-bin). */
export function wireOutcome(error: ServiceError | undefined): WireOutcome {
  if (error === undefined) return { code: "OK", reason: undefined, retriable: false, metadata: {}, summary: "OK" };
  const code = status[error.code] ?? String(error.code);
  if (error.metadata.get("grpc-status-details-bin").length === 0) {
    return { code, reason: undefined, retriable: false, metadata: {}, summary: `${code} (no details: ${error.details})` };
  }
  const details = decodeDetails(error);
  const info = details.errorInfo[0];
  const metadata = info?.metadata ?? {};
  const retriable = details.retryInfo.length > 0;
  const shown = SHOWN.filter((k) => metadata[k] !== undefined).map((k) => `${k}=${metadata[k]}`);
  const summary = [code, info?.reason ?? "(no ErrorInfo)", retriable ? "retriable" : "not retriable", ...shown].join(" ");
  return { code, reason: info?.reason, retriable, metadata, summary };
}
