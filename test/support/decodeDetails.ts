import type { ServiceError } from "@grpc/grpc-js";
import { BadRequest, ErrorInfo, Help, QuotaFailure, ResourceInfo, RetryInfo, DebugInfo, RequestInfo } from "../../generated/google/rpc/error_details.js";
import { Status } from "../../generated/google/rpc/status.js";

export interface DecodedDetails {
  readonly status: Status;
  readonly errorInfo: ErrorInfo[];
  readonly retryInfo: RetryInfo[];
  readonly badRequest: BadRequest[];
  readonly resourceInfo: ResourceInfo[];
  readonly quotaFailure: QuotaFailure[];
  readonly help: Help[];
  readonly debugInfo: DebugInfo[];
  readonly requestInfo: RequestInfo[];
}

/** Decodes the grpc-status-details-bin trailer the way a client library would. */
export function decodeDetails(error: ServiceError): DecodedDetails {
  const raw = error.metadata.get("grpc-status-details-bin")[0];
  if (!(raw instanceof Buffer)) throw new Error(`no grpc-status-details-bin trailer on: ${error.message}`);
  const status = Status.decode(raw);
  const of = <T>(name: string, type: { decode(b: Uint8Array): T }): T[] =>
    status.details.filter((d) => d.typeUrl === `type.googleapis.com/google.rpc.${name}`).map((d) => type.decode(d.value));
  return {
    status,
    errorInfo: of("ErrorInfo", ErrorInfo),
    retryInfo: of("RetryInfo", RetryInfo),
    badRequest: of("BadRequest", BadRequest),
    resourceInfo: of("ResourceInfo", ResourceInfo),
    quotaFailure: of("QuotaFailure", QuotaFailure),
    help: of("Help", Help),
    debugInfo: of("DebugInfo", DebugInfo),
    requestInfo: of("RequestInfo", RequestInfo),
  };
}
