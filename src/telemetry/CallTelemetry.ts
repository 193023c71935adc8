/** One RPC as the server wrapper (src/server/observeCall) describes it to telemetry when it arrives. */
export interface CallStart {
  /** e.g. fraiseql.wire.v1.QueryService */
  readonly service: string;
  /** e.g. StreamQuery */
  readonly method: string;
  readonly streaming: boolean;
  /** The id in RequestInfo and in the access log; also a span attribute. */
  readonly requestId: string;
  /** The :authority the client called, as host:port (server.address, server.port). */
  readonly authority: string;
  /** The client's address as host:port (network.peer.address, network.peer.port). */
  readonly peer: string;
  /** The call's metadata, for the W3C traceparent/tracestate of the caller's trace. */
  readonly headers: { get(key: string): string[]; keys(): string[] };
}

/** How an RPC ended. */
export interface CallOutcome {
  /** The gRPC status code the client got (0 = OK). */
  readonly code: number;
  /** The ErrorInfo reason and category, on error; the cause is kept for INTERNAL errors. */
  readonly error: { readonly reason: string; readonly category: string; readonly cause?: unknown } | undefined;
  readonly rows: number;
  readonly bytes: number;
  readonly messages: number;
  readonly timeToFirstRowMicros: number | undefined;
  readonly durationMicros: number;
  readonly resumed: boolean;
  /** The authenticated caller, when authentication ran (enduser.id). */
  readonly caller: string | undefined;
}

/** Telemetry of one RPC: its span (when tracing) and its metrics (when metering). */
export interface CallTelemetry {
  /** Runs `body` with the call's span active: child spans and log lines belong to it. */
  run<T>(body: () => T): T;
  /** A write found the client's HTTP/2 flow-control window full: the stream waits for the client. */
  blocked(): void;
  /** The window has room again (or the call ended while waiting): the wait is counted. */
  unblocked(): void;
  /** Records the outcome and ends the span. */
  end(outcome: CallOutcome): void;
}

export const NO_CALL_TELEMETRY: CallTelemetry = {
  run: (body) => body(),
  blocked: () => {},
  unblocked: () => {},
  end: () => {},
};
