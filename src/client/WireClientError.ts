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
  /** Rows this call delivered before it failed; resume with `offset(nextOffset)`. */
  readonly rowsReceived: number;
  /** The offset to resume from: the request's offset plus rowsReceived (streams only). */
  readonly nextOffset: number | undefined;
  readonly requestId: string | undefined;
  readonly metadata: Readonly<Record<string, string>>;
  readonly fieldViolations: readonly FieldViolation[];
  readonly rowIndex: number | undefined;

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
  }

  /** A copy that reports how far a stream got, as counted by this client. */
  withProgress(rowsReceived: number, nextOffset: number): WireClientError {
    return new WireClientError(this.message, { ...this, rowsReceived, nextOffset }, { cause: this.cause });
  }
}
