/** A link from the error's google.rpc.Help detail, e.g. to the TROUBLESHOOTING.md section. */
export interface HelpLink {
  readonly description: string;
  readonly url: string;
}

/** One bad request field, from google.rpc.BadRequest (e.g. `filter` with the column of the typo). */
export interface FieldViolation {
  readonly field: string;
  readonly description: string;
}

/** Everything a WireClientError carries; `message` is the server's human-readable text. */
export interface WireClientErrorFields {
  readonly code: number;
  readonly reason: string;
  readonly category: string;
  readonly retriable: boolean;
  readonly retryDelayMs: number | undefined;
  readonly helpLinks: readonly HelpLink[];
  readonly rowsReceived: number;
  readonly nextOffset: number | undefined;
  readonly requestId: string | undefined;
  readonly metadata: Readonly<Record<string, string>>;
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
  readonly rowsReceived: number;
  readonly nextOffset: number | undefined;
  readonly resumeToken: Uint8Array | undefined;
  readonly attempts: number;
}

/**
 * The one error the SDK throws for anything that goes wrong with a call: a server status (decoded
 * from its rich details), a transport failure, a cancellation, a stream cut short, a row refused
 * by validate(). Branch on `reason` (stable) or `retriable`; never on `message`.
 * The original error, if any, is kept as `cause` for logs.
 */
export class WireClientError extends Error implements WireClientErrorFields {
  override readonly name = "WireClientError";
  readonly code: number;
  readonly reason: string;
  readonly category: string;
  readonly retriable: boolean;
  readonly retryDelayMs: number | undefined;
  readonly helpLinks: readonly HelpLink[];
  /** Rows the query delivered before it failed, over all its calls (auto-resume included). */
  readonly rowsReceived: number;
  /** The offset to resume from by hand: the request's offset plus the rows of the result received. */
  readonly nextOffset: number | undefined;
  readonly requestId: string | undefined;
  readonly metadata: Readonly<Record<string, string>>;
  readonly fieldViolations: readonly FieldViolation[];
  readonly rowIndex: number | undefined;
  /**
   * Where to resume exactly: pass it to `query.resumeFrom(token)` (the same query) to get the rows
   * after the last message received. Undefined before the first row, or from a server without tokens.
   */
  readonly resumeToken: Uint8Array | undefined;
  /** The calls the query made before it gave up (1 when it was not resumed); undefined outside streams. */
  readonly attempts: number | undefined;

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
