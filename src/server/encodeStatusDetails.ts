import { Any } from "../../generated/google/protobuf/any.js";
import {
  BadRequest,
  DebugInfo,
  ErrorInfo,
  Help,
  QuotaFailure,
  RequestInfo,
  ResourceInfo,
  RetryInfo,
} from "../../generated/google/rpc/error_details.js";
import { Status } from "../../generated/google/rpc/status.js";
import { ERROR_DOMAIN, helpUrl } from "../errors/helpUrl.js";
import type { WireError } from "../errors/WireError.js";

interface Encoder<T> {
  encode(message: T): { finish(): Uint8Array };
}

function pack<T>(typeName: string, type: Encoder<T>, message: T): Any {
  return { typeUrl: `type.googleapis.com/google.rpc.${typeName}`, value: Buffer.from(type.encode(message).finish()) };
}

/**
 * The google.rpc.Status for the grpc-status-details-bin trailer (AIP-193): exactly one ErrorInfo,
 * RetryInfo when retriable, and the detail types that apply. Its code and message must equal the
 * gRPC status's own, or grpc-go and Python's grpc_status reject the details.
 */
export function encodeStatusDetails(error: WireError, requestId: string, debug: boolean): Buffer {
  const { facts } = error;
  const details: Any[] = [
    pack("ErrorInfo", ErrorInfo, {
      reason: error.reason,
      domain: ERROR_DOMAIN,
      metadata: { ...error.metadata, category: facts.category, retriable: String(facts.retriable) },
    }),
  ];
  if (facts.retriable) {
    const ms = facts.retryDelayMs ?? 1000;
    details.push(pack("RetryInfo", RetryInfo, { retryDelay: { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 } }));
  }
  if (error.fieldViolations.length > 0) {
    details.push(
      pack("BadRequest", BadRequest, {
        fieldViolations: error.fieldViolations.map((v) => ({ field: v.field, description: v.description, reason: error.reason, localizedMessage: undefined })),
      }),
    );
  }
  if (error.resource !== undefined) {
    details.push(
      pack("ResourceInfo", ResourceInfo, {
        resourceType: error.resource.type,
        resourceName: error.resource.name,
        owner: "",
        description: error.resource.description,
      }),
    );
  }
  if (error.reason === "TOO_MANY_STREAMS") {
    details.push(
      pack("QuotaFailure", QuotaFailure, {
        violations: [{ subject: "database connections", description: `all ${error.metadata["poolSize"] ?? "?"} pooled connections are streaming` }],
      }),
    );
  }
  if (error.reason === "TOO_MANY_CALLER_STREAMS") {
    details.push(
      pack("QuotaFailure", QuotaFailure, {
        violations: [{ subject: `caller:${error.metadata["caller"] ?? "?"}`, description: `at most ${error.metadata["limit"] ?? "?"} concurrent streams per caller (FRAISEQL_WIRE_MAX_STREAMS_PER_CALLER)` }],
      }),
    );
  }
  details.push(pack("RequestInfo", RequestInfo, { requestId, servingData: "" }));
  details.push(pack("Help", Help, { links: [{ description: `Troubleshooting: ${error.reason}`, url: helpUrl(facts.help) }] }));
  if (debug && error.debugDetail !== undefined) {
    details.push(pack("DebugInfo", DebugInfo, { stackEntries: [], detail: error.debugDetail }));
  }
  return Buffer.from(Status.encode({ code: facts.code, message: error.message, details }).finish());
}
