/**
 * Every environment variable the server reads, with its default and meaning. The same table drives
 * parsing (parseConfig) and `--help`, so the two cannot drift apart.
 */
export interface Setting {
  readonly env: string;
  /** undefined: not set unless given (DATABASE_URL, marked `required`, must be given). */
  readonly defaultValue: string | undefined;
  readonly description: string;
  readonly required?: boolean;
}

export const settings = [
  { env: "DATABASE_URL", defaultValue: undefined, description: "PostgreSQL connection URL, e.g. postgres://user:pass@host:5432/db (required; `make run` starts an embedded database when unset); sslmode, sslrootcert, sslcert and sslkey work as in libpq", required: true },
  { env: "FRAISEQL_WIRE_DATABASE_PASSWORD_FILE", defaultValue: undefined, description: "file holding the database password (a Kubernetes secret); read for each new connection, so a rotated password is used without a restart; overrides the password in DATABASE_URL" },
  { env: "FRAISEQL_WIRE_LISTEN", defaultValue: "127.0.0.1:50051", description: "host:port the gRPC server listens on (port 0 picks a free port)" },
  { env: "FRAISEQL_WIRE_TLS_CERT", defaultValue: undefined, description: "PEM certificate chain the server presents; with FRAISEQL_WIRE_TLS_KEY it turns on TLS. Reloaded when the file changes or on SIGHUP, without dropping streams" },
  { env: "FRAISEQL_WIRE_TLS_KEY", defaultValue: undefined, description: "PEM private key of FRAISEQL_WIRE_TLS_CERT" },
  { env: "FRAISEQL_WIRE_TLS_CLIENT_CA", defaultValue: undefined, description: "PEM CA certificates: clients must present a certificate signed by one of them (mTLS); its subject is the caller when FRAISEQL_WIRE_AUTH is none" },
  { env: "FRAISEQL_WIRE_ALLOW_INSECURE", defaultValue: "false", description: "true lets the server listen on a non-loopback address without TLS, for a mesh or proxy that terminates TLS in front of it; otherwise it refuses to start" },
  { env: "FRAISEQL_WIRE_AUTH", defaultValue: undefined, description: "how callers authenticate: none, token (FRAISEQL_WIRE_TOKENS_FILE) or jwt (FRAISEQL_WIRE_JWT_*). Unset means none on a loopback address or with client certificates (FRAISEQL_WIRE_TLS_CLIENT_CA); elsewhere it must be set" },
  { env: "FRAISEQL_WIRE_TOKENS_FILE", defaultValue: undefined, description: "for FRAISEQL_WIRE_AUTH=token: JSON list of {name, sha256 (hex of the token), entities, role}; reloaded when it changes or on SIGHUP" },
  { env: "FRAISEQL_WIRE_JWT_JWKS", defaultValue: undefined, description: "for FRAISEQL_WIRE_AUTH=jwt: the verification keys, a JWKS file path (reloaded when it changes) or an https URL (cached, refreshed every 10 minutes and when a token names an unknown key)" },
  { env: "FRAISEQL_WIRE_JWT_ISSUER", defaultValue: undefined, description: "for jwt: the required iss claim (unset: not checked)" },
  { env: "FRAISEQL_WIRE_JWT_AUDIENCE", defaultValue: undefined, description: "for jwt: the required aud claim (required with FRAISEQL_WIRE_AUTH=jwt)" },
  { env: "FRAISEQL_WIRE_JWT_SECRET", defaultValue: undefined, description: "for jwt: a shared secret of at least 32 bytes that also allows HS256 tokens (otherwise only asymmetric algorithms are accepted)" },
  { env: "FRAISEQL_WIRE_JWT_CLOCK_SKEW_MS", defaultValue: "30000", description: "for jwt: how far exp and nbf may be off the server's clock" },
  { env: "FRAISEQL_WIRE_DB_ROLES", defaultValue: undefined, description: "comma-separated database roles a caller's role claim may name; each stream runs SET LOCAL ROLE to it. A role outside the list is PERMISSION_DENIED. Unset: callers run as the server's own role" },
  { env: "FRAISEQL_WIRE_MAX_STREAMS_PER_CALLER", defaultValue: "0", description: "concurrent streams one caller may hold; more fail with RESOURCE_EXHAUSTED; 0 means no limit beyond the pool" },
  { env: "FRAISEQL_WIRE_MAX_REQUEST_BYTES", defaultValue: "65536", description: "largest encoded request accepted; larger ones fail with INVALID_ARGUMENT" },
  { env: "FRAISEQL_WIRE_SCHEMAS", defaultValue: "public", description: "comma-separated schemas whose views are exposed, in search order" },
  { env: "FRAISEQL_WIRE_VIEW_PREFIXES", defaultValue: "v_,tv_", description: "comma-separated name prefixes that make a view (or table) an entity" },
  { env: "FRAISEQL_WIRE_WORKERS", defaultValue: "auto", description: "worker processes sharing the listen port (Node cluster); auto = the CPUs this process may use (os.availableParallelism()); 1 serves from a single process. Each worker has its own pool of FRAISEQL_WIRE_POOL_SIZE connections" },
  { env: "FRAISEQL_WIRE_POOL_SIZE", defaultValue: "10", description: "PostgreSQL connections in the pool of each worker; each running stream holds one, so this caps concurrent streams per worker" },
  { env: "FRAISEQL_WIRE_POOL_WAIT_MS", defaultValue: "2000", description: "how long a new call waits for a free connection before failing with RESOURCE_EXHAUSTED" },
  { env: "FRAISEQL_WIRE_CONNECT_TIMEOUT_MS", defaultValue: "5000", description: "timeout for opening a PostgreSQL connection" },
  { env: "FRAISEQL_WIRE_STATEMENT_TIMEOUT_MS", defaultValue: "30000", description: "PostgreSQL statement_timeout for each statement of a stream (each fetch); 0 disables" },
  { env: "FRAISEQL_WIRE_DB_RESPONSE_TIMEOUT_MS", defaultValue: "10000", description: "how long past statement_timeout (or, for BEGIN, COMMIT and ROLLBACK, at all) PostgreSQL may leave a statement unanswered before the server takes the connection for lost (a network partition), closes it and fails the stream with DATABASE_UNAVAILABLE" },
  { env: "FRAISEQL_WIRE_DB_KEEPALIVE_MS", defaultValue: "10000", description: "TCP keepalive on PostgreSQL sockets: idle time before the first probe" },
  { env: "FRAISEQL_WIRE_GRPC_KEEPALIVE_TIME_MS", defaultValue: "60000", description: "how often the server pings each client connection (HTTP/2 PING); a client that vanished is found this way and its streams end" },
  { env: "FRAISEQL_WIRE_GRPC_KEEPALIVE_TIMEOUT_MS", defaultValue: "20000", description: "how long the server waits for a ping's answer before it closes the client connection and ends its streams" },
  { env: "FRAISEQL_WIRE_CHUNK_ROWS", defaultValue: "1000", description: "default maximum rows per message when a request leaves chunk_rows at 0" },
  { env: "FRAISEQL_WIRE_MAX_CHUNK_ROWS", defaultValue: "100000", description: "upper bound for a request's chunk_rows" },
  { env: "FRAISEQL_WIRE_CHUNK_BYTES", defaultValue: "1048576", description: "default maximum row bytes per message when a request leaves chunk_bytes at 0" },
  { env: "FRAISEQL_WIRE_MAX_CHUNK_BYTES", defaultValue: "4000000", description: "upper bound for a request's chunk_bytes; keep it below the clients' receive limit (gRPC default 4 MiB)" },
  { env: "FRAISEQL_WIRE_FIRST_FETCH_ROWS", defaultValue: "64", description: "rows in the first fetch of a stream, small so that the first message leaves quickly" },
  { env: "FRAISEQL_WIRE_FETCH_BYTES", defaultValue: "2097152", description: "target bytes per fetch from PostgreSQL once a stream is under way (fetches are sized by bytes, not rows)" },
  { env: "FRAISEQL_WIRE_MAX_FETCH_ROWS", defaultValue: "20000", description: "upper bound on rows per fetch, whatever the row size" },
  { env: "FRAISEQL_WIRE_FETCH_TARGET_MS", defaultValue: "250", description: "longest a fetch should take at the rate the previous one arrived: on a slow database link fetches shrink so the client keeps seeing steady progress; 0 sizes by bytes alone" },
  { env: "FRAISEQL_WIRE_RESUME_KEY", defaultValue: undefined, description: "secret (at least 32 characters) that signs resume tokens (HMAC-SHA256); every replica behind one address must share it. Unset: a random key per process, so tokens work only on the instance that issued them (a warning says so)" },
  { env: "FRAISEQL_WIRE_MAX_TRANSACTION_MS", defaultValue: "60000", description: "longest a keyset stream keeps one READ ONLY transaction (and its snapshot) open: past it, or when the client has not read for a quarter of it, the stream commits at a batch boundary and continues from its last row in a new transaction, within the same call. 0 disables it" },
  { env: "FRAISEQL_WIRE_COPY", defaultValue: "on", description: "on reads a whole-view stream (no limit, no order_by fields) with one binary COPY instead of cursor FETCHes, where the stream can end it and continue (a keyset stream with FRAISEQL_WIRE_MAX_TRANSACTION_MS on), or where nothing would cut it (statement_timeout 0); values travel as transaction settings. off: FETCH only (PERFORMANCE_TUNING.md)" },
  { env: "FRAISEQL_WIRE_SHUTDOWN_GRACE_MS", defaultValue: "10000", description: "on SIGTERM/SIGINT, how long running streams may finish before they end with UNAVAILABLE" },
  { env: "FRAISEQL_WIRE_HEALTH_INTERVAL_MS", defaultValue: "5000", description: "how often the health check pings PostgreSQL" },
  { env: "FRAISEQL_WIRE_DEBUG_ERRORS", defaultValue: "false", description: "true adds google.rpc.DebugInfo (PostgreSQL's own message) to error statuses; never enable in production" },
  { env: "FRAISEQL_WIRE_METRICS_LISTEN", defaultValue: "off", description: "host:port of a Prometheus scrape endpoint serving /metrics (e.g. 0.0.0.0:9464); off serves none. Traces and OTLP metrics use the standard OTEL_* variables (docs/observability.md)" },
  { env: "FRAISEQL_WIRE_LOG_LEVEL", defaultValue: "info", description: "pino log level: fatal, error, warn, info, debug, trace or silent" },
] as const satisfies readonly Setting[];

export type SettingName = (typeof settings)[number]["env"];
