import { StatusCode } from "./StatusCode.js";

/** What a bare gRPC code says when a status comes without rich details (a proxy, the transport). */
export interface CodeFacts {
  readonly category: string;
  readonly retriable: boolean;
}

// Only UNAVAILABLE is safe to retry blindly (gRPC's own retry guidance); the server marks the other
// retriable cases explicitly in ErrorInfo, and a detail-less RESOURCE_EXHAUSTED is usually grpc-js
// refusing an oversized message, which a retry would not fix.
const FACTS: Readonly<Record<number, CodeFacts>> = {
  [StatusCode.CANCELLED]: { category: "cancelled", retriable: false },
  [StatusCode.DEADLINE_EXCEEDED]: { category: "cancelled", retriable: false },
  [StatusCode.INVALID_ARGUMENT]: { category: "request", retriable: false },
  [StatusCode.OUT_OF_RANGE]: { category: "request", retriable: false },
  [StatusCode.NOT_FOUND]: { category: "schema", retriable: false },
  [StatusCode.FAILED_PRECONDITION]: { category: "query", retriable: false },
  [StatusCode.ABORTED]: { category: "query", retriable: false },
  [StatusCode.RESOURCE_EXHAUSTED]: { category: "resource", retriable: false },
  [StatusCode.UNAUTHENTICATED]: { category: "authentication", retriable: false },
  [StatusCode.PERMISSION_DENIED]: { category: "authentication", retriable: false },
  [StatusCode.UNIMPLEMENTED]: { category: "configuration", retriable: false },
  [StatusCode.UNAVAILABLE]: { category: "connection", retriable: true },
};

export function codeFacts(code: number): CodeFacts {
  return FACTS[code] ?? { category: "internal", retriable: false };
}
