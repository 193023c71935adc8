/** The validated, frozen configuration of one server process. */
export interface Config {
  readonly databaseUrl: string;
  readonly listen: string;
  readonly schemas: readonly string[];
  readonly viewPrefixes: readonly string[];
  readonly poolSize: number;
  readonly poolWaitMs: number;
  readonly connectTimeoutMs: number;
  readonly statementTimeoutMs: number;
  readonly dbResponseTimeoutMs: number;
  readonly dbKeepAliveMs: number;
  readonly grpcKeepAliveTimeMs: number;
  readonly grpcKeepAliveTimeoutMs: number;
  readonly chunkRows: number;
  readonly maxChunkRows: number;
  readonly chunkBytes: number;
  readonly maxChunkBytes: number;
  readonly firstFetchRows: number;
  readonly fetchBytes: number;
  readonly maxFetchRows: number;
  readonly fetchTargetMs: number;
  /** undefined: a random key per process (tokens work on this instance only). */
  readonly resumeKey: string | undefined;
  readonly maxTransactionMs: number;
  readonly shutdownGraceMs: number;
  readonly healthIntervalMs: number;
  readonly debugErrors: boolean;
  readonly logLevel: string;
  /** Where the Prometheus scrape endpoint listens; undefined when off. */
  readonly metricsListen: { readonly host: string; readonly port: number } | undefined;
}
