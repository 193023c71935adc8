/**
 * The gRPC status codes, by their standard numbers. Kept here so that src/errors and the layers
 * below it can name a code without importing grpc-js (only src/server knows gRPC).
 */
export const Code = {
  /** Not an error. */
  OK: 0,
  /** The caller cancelled the call. */
  CANCELLED: 1,
  /** An error the status space has no better code for. */
  UNKNOWN: 2,
  /** The request is wrong whatever the server's state (a bad filter, order_by or token). */
  INVALID_ARGUMENT: 3,
  /** The deadline passed before the call finished. */
  DEADLINE_EXCEEDED: 4,
  /** The entity does not exist (or is not exposed). */
  NOT_FOUND: 5,
  /** Not used by fraiseql-wire. */
  ALREADY_EXISTS: 6,
  /** The caller may not read this entity, or use that database role. */
  PERMISSION_DENIED: 7,
  /** A limit was reached (pool, per-caller streams, database resources): retry later. */
  RESOURCE_EXHAUSTED: 8,
  /** The system is not in a state to run the request (a view of the wrong shape, a query error). */
  FAILED_PRECONDITION: 9,
  /** A concurrency conflict or a cancellation by the database: retry. */
  ABORTED: 10,
  /** A value is out of range (a row larger than the message cap). */
  OUT_OF_RANGE: 11,
  /** The server does not implement the method. */
  UNIMPLEMENTED: 12,
  /** A bug: the details are in the server's log under the error's request id. */
  INTERNAL: 13,
  /** The server or its database cannot serve now: retry, on another replica if there is one. */
  UNAVAILABLE: 14,
  /** Not used by fraiseql-wire. */
  DATA_LOSS: 15,
  /** No valid credential (a missing or refused token). */
  UNAUTHENTICATED: 16,
} as const;

/** One of the gRPC status code numbers. */
export type Code = (typeof Code)[keyof typeof Code];
