import { factsOf, type Reason, type ReasonFacts } from "./catalog.js";

/** One bad field of a request (google.rpc.BadRequest.FieldViolation). */
export interface FieldViolation {
  readonly field: string;
  readonly description: string;
}

/** The resource an error is about (google.rpc.ResourceInfo). */
export interface ResourceRef {
  readonly type: string;
  readonly name: string;
  readonly description: string;
}

export interface WireErrorOptions {
  /** Every dynamic value of the message, under lowerCamel keys (ErrorInfo.metadata). */
  readonly metadata?: Readonly<Record<string, string | number | boolean>>;
  readonly fieldViolations?: readonly FieldViolation[];
  readonly resource?: ResourceRef;
  /** Kept for logs and spans, never sent to a client. */
  readonly cause?: unknown;
  /** Internal detail (e.g. PostgreSQL's own message) sent only as DebugInfo when debug is on. */
  readonly debugDetail?: string;
}

/**
 * The one error type of the service. Everything thrown below src/server is either a WireError or
 * gets normalised into one by toWireError; src/server turns it into a gRPC status in one place.
 */
export class WireError extends Error {
  override readonly name = "WireError";
  readonly reason: Reason;
  readonly facts: ReasonFacts;
  readonly metadata: Readonly<Record<string, string>>;
  readonly fieldViolations: readonly FieldViolation[];
  readonly resource: ResourceRef | undefined;
  readonly debugDetail: string | undefined;

  constructor(reason: Reason, message: string, options: WireErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.reason = reason;
    this.facts = factsOf(reason);
    this.metadata = Object.freeze(
      Object.fromEntries(Object.entries(options.metadata ?? {}).map(([k, v]) => [k, String(v)])),
    );
    this.fieldViolations = options.fieldViolations ?? [];
    this.resource = options.resource;
    this.debugDetail = options.debugDetail;
  }

  /** A copy with more metadata, e.g. how many rows the client already received. */
  withMetadata(extra: Readonly<Record<string, string | number | boolean>>): WireError {
    return new WireError(this.reason, this.message, {
      metadata: { ...this.metadata, ...extra },
      fieldViolations: this.fieldViolations,
      ...(this.resource ? { resource: this.resource } : {}),
      ...(this.cause === undefined ? {} : { cause: this.cause }),
      ...(this.debugDetail === undefined ? {} : { debugDetail: this.debugDetail }),
    });
  }
}
