/**
 * The gRPC status codes by their standard numbers, so SDK users can branch on
 * `error.code === StatusCode.NOT_FOUND` without importing grpc-js themselves.
 */
export const StatusCode = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

export type StatusCode = (typeof StatusCode)[keyof typeof StatusCode];

/** "NOT_FOUND" for 5; "UNKNOWN" for a number gRPC does not define. */
export function statusCodeName(code: number): keyof typeof StatusCode {
  const entry = Object.entries(StatusCode).find(([, value]) => value === code);
  return (entry?.[0] ?? "UNKNOWN") as keyof typeof StatusCode;
}
