/** What perf/streamClient.ts is asked to do (passed as one JSON argument). */
export interface StreamJob {
  readonly address: string;
  /** "stream": `streams` concurrent calls, timed; "latency": `calls` sequential calls, each timed to its first message. */
  readonly mode: "stream" | "latency";
  readonly entity: string;
  readonly filter?: string;
  readonly limit?: number;
  readonly chunkRows?: number;
  readonly chunkBytes?: number;
  readonly streams?: number;
  readonly calls?: number;
  /** Untimed calls first (latency mode), so that connections and JIT are warm. */
  readonly warmup?: number;
  /** Cancel each call after this many messages (exercises the cancel path; counted as success). */
  readonly cancelAfterMessages?: number;
  /** One HTTP/2 connection per concurrent stream (independent clients) instead of one shared. */
  readonly channelPerStream?: boolean;
}

export interface StreamOutcome {
  readonly rows: number;
  readonly bytes: number;
  readonly messages: number;
  readonly seconds: number;
  /** Client-observed: call start to first message. */
  readonly firstMessageMs: number;
  /** The server's stats.time_to_first_row_micros, in ms. */
  readonly serverFirstRowMs: number;
  /** True when the client cancelled the call on purpose (cancelAfterMessages). */
  readonly cancelled?: boolean;
  readonly error?: string;
}

export interface StreamReport {
  readonly outcomes: readonly StreamOutcome[];
  /** Wall time from the first call's start to the last call's end. */
  readonly wallSeconds: number;
  readonly clientCpuSeconds: number;
}
