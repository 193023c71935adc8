/** A link from the error's google.rpc.Help detail, e.g. to the TROUBLESHOOTING.md section. */
export interface HelpLink {
  /** What the link is about, e.g. "TROUBLESHOOTING.md: INVALID_FILTER". */
  readonly description: string;
  /** Where it points. */
  readonly url: string;
}

/** One bad request field, from google.rpc.BadRequest (e.g. `filter` with the column of the typo). */
export interface FieldViolation {
  /** The request field, e.g. `filter` or `order_by`. */
  readonly field: string;
  /** What is wrong with it. */
  readonly description: string;
}

/** Everything a WireClientError carries; `message` is the server's human-readable text. */
export interface WireClientErrorFields {
  /** The gRPC status code ({@link StatusCode}). */
  readonly code: number;
  /** The stable reason (ErrorInfo.reason), e.g. `INVALID_FILTER`. */
  readonly reason: string;
  /** Where the error comes from (ErrorInfo metadata `category`), e.g. `request`, `connection`. */
  readonly category: string;
  /** True when the same request may succeed later without any change. */
  readonly retriable: boolean;
  /** How long to wait before retrying (RetryInfo), for retriable errors. */
  readonly retryDelayMs: number | undefined;
  /** The google.rpc.Help links. */
  readonly helpLinks: readonly HelpLink[];
  /** Rows delivered before the failure. */
  readonly rowsReceived: number;
  /** The offset to resume from by hand. */
  readonly nextOffset: number | undefined;
  /** The server's id of the call (RequestInfo), also in its log line and trace. */
  readonly requestId: string | undefined;
  /** ErrorInfo metadata: every value the message mentions, and more. */
  readonly metadata: Readonly<Record<string, string>>;
  /** The google.rpc.BadRequest field violations. */
  readonly fieldViolations: readonly FieldViolation[];
  /** For validate(): the 0-based index in the result of the first row the schema refused. */
  readonly rowIndex?: number | undefined;
  /** For streams: the token of the last message the consumer received (docs/resume.md). */
  readonly resumeToken?: Uint8Array | undefined;
  /** For streams: the calls the query made, the failed one included (more than 1 after resumes). */
  readonly attempts?: number | undefined;
}

/** How far a stream got, as counted by the client: what its consumer really received. */
export interface StreamProgress {
  /** Rows the consumer received, over all calls. */
  readonly rowsReceived: number;
  /** The request's offset plus rowsReceived; undefined when not known. */
  readonly nextOffset: number | undefined;
  /** The token of the last message the consumer received. */
  readonly resumeToken: Uint8Array | undefined;
  /** The calls made, the failed one included. */
  readonly attempts: number;
}

/**
 * The one error the SDK throws for anything that goes wrong with a call: a server status (decoded
 * from its rich details), a transport failure, a cancellation, a stream cut short, a row refused
 * by validate(). Branch on `reason` (stable) or `retriable`; never on `message`.
 * The original error, if any, is kept as `cause` for logs. Every reason has a section in
 * TROUBLESHOOTING.md, which `helpLinks` points to.
 *
 * @example
 * ```ts
 * import { StatusCode, WireClient, WireClientError } from "fraiseql-wire/client";
 *
 * const client = new WireClient("127.0.0.1:50051");
 * try {
 *   for await (const row of client.query("projects").where("priority >= ")) console.log(row);
 * } catch (error) {
 *   if (!(error instanceof WireClientError)) throw error;
 *   if (error.reason === "INVALID_FILTER") console.error(error.message, error.fieldViolations);
 *   else if (error.code === StatusCode.NOT_FOUND) console.error("no such entity");
 *   else if (error.retriable) console.error(`try again in ${error.retryDelayMs} ms`);
 *   console.error(error.helpLinks.map((link) => link.url), error.requestId);
 * } finally {
 *   client.close();
 * }
 * ```
 */
export class WireClientError extends Error implements WireClientErrorFields {
  /** Always "WireClientError". */
  override readonly name = "WireClientError";
  /** The gRPC status code ({@link StatusCode}): `error.code === StatusCode.NOT_FOUND`. */
  readonly code: number;
  /**
   * The stable reason (AIP-193 ErrorInfo.reason): every server reason of TROUBLESHOOTING.md, plus
   * the client's own STREAM_INTERRUPTED, QUERY_CANCELLED, RESUME_MISMATCH and ROW_VALIDATION_FAILED.
   */
  readonly reason: string;
  /** Where the error comes from: request, schema, query, connection, authentication, authorization, configuration, resource, cancelled, lifecycle or internal. */
  readonly category: string;
  /** True when the same request may succeed later without any change (after retryDelayMs). */
  readonly retriable: boolean;
  /** How long to wait before retrying (google.rpc.RetryInfo); undefined for errors not retriable. */
  readonly retryDelayMs: number | undefined;
  /** Links from google.rpc.Help: the reason's TROUBLESHOOTING.md section. */
  readonly helpLinks: readonly HelpLink[];
  /** Rows the query delivered before it failed, over all its calls (auto-resume included). */
  readonly rowsReceived: number;
  /** The offset to resume from by hand: the request's offset plus the rows of the result received. */
  readonly nextOffset: number | undefined;
  /** The server's id of the call (google.rpc.RequestInfo): the same id is in its access log line and on its trace. */
  readonly requestId: string | undefined;
  /** ErrorInfo metadata: `category`, `retriable` and every value the message mentions. */
  readonly metadata: Readonly<Record<string, string>>;
  /** google.rpc.BadRequest: which request field is wrong and why (a filter's column, an order_by term). */
  readonly fieldViolations: readonly FieldViolation[];
  /** ROW_VALIDATION_FAILED only: the 0-based index in the result of the row the schema refused. */
  readonly rowIndex: number | undefined;
  /**
   * Where to resume exactly: pass it to `query.resumeFrom(token)` (the same query) to get the rows
   * after the last message received. Undefined before the first row, or from a server without tokens.
   */
  readonly resumeToken: Uint8Array | undefined;
  /** The calls the query made before it gave up (1 when it was not resumed); undefined outside streams. */
  readonly attempts: number | undefined;

  /**
   * Made by the SDK; exported so that tests can build one.
   * @param message the server's human-readable text (never parse it).
   * @param fields everything else the error carries.
   * @param options `cause`: the original error, for logs.
   */
  constructor(message: string, fields: WireClientErrorFields, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = fields.code;
    this.reason = fields.reason;
    this.category = fields.category;
    this.retriable = fields.retriable;
    this.retryDelayMs = fields.retryDelayMs;
    this.helpLinks = fields.helpLinks;
    this.rowsReceived = fields.rowsReceived;
    this.nextOffset = fields.nextOffset;
    this.requestId = fields.requestId;
    this.metadata = fields.metadata;
    this.fieldViolations = fields.fieldViolations;
    this.rowIndex = fields.rowIndex;
    this.resumeToken = fields.resumeToken;
    this.attempts = fields.attempts;
  }

  /** A copy that reports how far a stream got, as counted by this client. */
  withProgress(progress: StreamProgress): WireClientError {
    return new WireClientError(this.message, { ...this, ...progress }, { cause: this.cause });
  }
}
