import type { ServiceDefinition } from "@grpc/grpc-js";
import { QueryServiceService, type StreamQueryRequest } from "../../generated/fraiseql/wire/v1/query_service.js";
import { WireError } from "../errors/WireError.js";
import { encodeStreamItem } from "./encodeStreamItem.js";

/**
 * A request that could not be decoded (e.g. a uint64 above 2^53). grpc-js would answer INTERNAL for a
 * throwing deserializer; we hand the failure to the handler so it becomes a clear INVALID_ARGUMENT.
 */
export class UndecodableRequest {
  constructor(readonly error: WireError) {}
}

function safely<T>(decode: (bytes: Buffer) => T, maxBytes: number): (bytes: Buffer) => T | UndecodableRequest {
  return (bytes) => {
    if (bytes.length > maxBytes) {
      const description = `the request is ${bytes.length} bytes, more than this server accepts (${maxBytes}, FRAISEQL_WIRE_MAX_REQUEST_BYTES)`;
      return new UndecodableRequest(
        new WireError("INVALID_ARGUMENT", `invalid request: ${description}. Shorten the filter or order_by.`, {
          metadata: { field: "request", requestBytes: bytes.length, maxRequestBytes: maxBytes },
          fieldViolations: [{ field: "request", description }],
        }),
      );
    }
    try {
      return decode(bytes);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      return new UndecodableRequest(
        new WireError("INVALID_ARGUMENT", `the request could not be decoded: ${text}. Numbers such as limit and offset must be at most 2^53-1.`, {
          metadata: { field: "request" },
          fieldViolations: [{ field: "request", description: text }],
          cause: error,
        }),
      );
    }
  };
}

/**
 * QueryService as generated, with two changes: StreamQuery responses are StreamItems encoded from
 * raw row bytes (encodeStreamItem), and request decoding never throws: an undecodable request, or
 * one over `maxRequestBytes`, reaches the handler as an UndecodableRequest (INVALID_ARGUMENT).
 */
export function queryServiceDefinition(maxRequestBytes: number): ServiceDefinition {
  return {
    ...QueryServiceService,
    streamQuery: {
      ...QueryServiceService.streamQuery,
      requestDeserialize: safely((bytes: Buffer): StreamQueryRequest => QueryServiceService.streamQuery.requestDeserialize(bytes), maxRequestBytes),
      responseSerialize: encodeStreamItem,
    },
    listEntities: {
      ...QueryServiceService.listEntities,
      requestDeserialize: safely(QueryServiceService.listEntities.requestDeserialize, maxRequestBytes),
    },
  } as unknown as ServiceDefinition;
}
