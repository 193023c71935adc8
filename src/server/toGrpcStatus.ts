import { Metadata, type StatusObject } from "@grpc/grpc-js";
import type { WireError } from "../errors/WireError.js";
import { encodeStatusDetails } from "./encodeStatusDetails.js";

/** The one conversion from the service's error type to a gRPC status with rich details. */
export function toGrpcStatus(error: WireError, requestId: string, debug: boolean): StatusObject {
  const metadata = new Metadata();
  metadata.set("grpc-status-details-bin", encodeStatusDetails(error, requestId, debug));
  return { code: error.facts.code, details: error.message, metadata };
}
