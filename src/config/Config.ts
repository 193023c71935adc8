/** TLS of the gRPC listener: PEM files, reloaded when they change. */
export interface TlsConfig {
  readonly certFile: string;
  readonly keyFile: string;
  /** Set: clients must present a certificate signed by this CA (mTLS). */
  readonly clientCaFile: string | undefined;
}

/** How callers prove who they are (FRAISEQL_WIRE_AUTH). */
export type AuthConfig =
  | { readonly mode: "none" }
  | { readonly mode: "token"; readonly tokensFile: string }
  | {
      readonly mode: "jwt";
      /** A JWKS file path or an https URL; undefined when only the HS256 secret is used. */
      readonly jwks: string | undefined;
      readonly issuer: string | undefined;
      readonly audience: string;
      readonly secret: string | undefined;
      readonly clockSkewMs: number;
    };

/** The validated, frozen configuration of one server process. */
export interface Config {
  readonly databaseUrl: string;
  /** The database password is read from this file for each new connection (overrides the URL's). */
  readonly databasePasswordFile: string | undefined;
  readonly listen: string;
  readonly tls: TlsConfig | undefined;
  readonly allowInsecure: boolean;
  readonly auth: AuthConfig;
  /** Roles a caller may run as (SET LOCAL ROLE); empty: callers run as the server's role. */
  readonly dbRoles: readonly string[];
  /** Concurrent streams per caller; 0: no limit beyond the pool. */
  readonly maxStreamsPerCaller: number;
  readonly maxRequestBytes: number;
  readonly schemas: readonly string[];
  readonly viewPrefixes: readonly string[];
  /** Worker processes sharing the port (FRAISEQL_WIRE_WORKERS, auto resolved): 1 = this process serves. */
  readonly workers: number;
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
  /** FRAISEQL_WIRE_COPY (on by default): whole-view streams read through binary COPY where they can (streamAttempt). */
  readonly copy: boolean;
  readonly shutdownGraceMs: number;
  readonly healthIntervalMs: number;
  readonly debugErrors: boolean;
  readonly logLevel: string;
  /** Where the Prometheus scrape endpoint listens; undefined when off. */
  readonly metricsListen: { readonly host: string; readonly port: number } | undefined;
}
