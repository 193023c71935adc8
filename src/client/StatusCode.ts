import { Code } from "../errors/Code.js";

/**
 * The gRPC status codes by their standard numbers, so SDK users can branch on
 * `error.code === StatusCode.NOT_FOUND` without importing grpc-js themselves.
 */
export const StatusCode = Code;

/** One of the gRPC status code numbers. */
export type StatusCode = (typeof StatusCode)[keyof typeof StatusCode];

/** "NOT_FOUND" for 5; "UNKNOWN" for a number gRPC does not define. */
export function statusCodeName(code: number): keyof typeof StatusCode {
  const entry = Object.entries(StatusCode).find(([, value]) => value === code);
  return (entry?.[0] ?? "UNKNOWN") as keyof typeof StatusCode;
}
