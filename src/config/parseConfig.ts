import { availableParallelism } from "node:os";
import type { Config } from "./Config.js";
import { ConfigError } from "./ConfigError.js";
import { parseSecurity } from "./parseSecurity.js";
import { redactUrl } from "./redactUrl.js";
import { settings, type SettingName } from "./settings.js";

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];
// A PostgreSQL identifier: what the catalog can hold, so a typo fails at start-up, not per call.
const IDENT = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;

/** Reads the environment once; throws a ConfigError listing every problem at once. */
export function parseConfig(env: Env): Config {
  const problems: string[] = [];
  const raw = (name: SettingName): string => {
    const value = env[name]?.trim();
    if (value !== undefined && value !== "") return value;
    return settings.find((s) => s.env === name)?.defaultValue ?? "";
  };
  const int = (name: SettingName, min: number, max: number): number => {
    const text = raw(name);
    const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      problems.push(`${name}=${JSON.stringify(text)} must be a whole number from ${min} to ${max}`);
      return min;
    }
    return value;
  };
  const list = (name: SettingName, check: (item: string) => boolean, what: string, optional = false): string[] => {
    const items = raw(name).split(",").map((s) => s.trim()).filter((s) => s !== "");
    if (items.length === 0 && !optional) problems.push(`${name} must list at least one ${what}`);
    for (const item of items) if (!check(item)) problems.push(`${name}: ${JSON.stringify(item)} is not a valid ${what}`);
    return items;
  };

  const databaseUrl = raw("DATABASE_URL");
  if (databaseUrl === "") {
    problems.push("DATABASE_URL is not set: give a URL such as postgres://user:password@localhost:5432/mydb");
  } else if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push(`DATABASE_URL=${redactUrl(databaseUrl)} must start with postgres:// or postgresql://`);
  }
  const listen = raw("FRAISEQL_WIRE_LISTEN");
  if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(listen) || Number(listen.split(":").pop()) > 65535) {
    problems.push(`FRAISEQL_WIRE_LISTEN=${JSON.stringify(listen)} must be host:port, e.g. 127.0.0.1:50051 or 0.0.0.0:50051`);
  }
  const logLevel = raw("FRAISEQL_WIRE_LOG_LEVEL");
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`FRAISEQL_WIRE_LOG_LEVEL=${JSON.stringify(logLevel)} must be one of ${LOG_LEVELS.join(", ")}`);
  const resumeKey = raw("FRAISEQL_WIRE_RESUME_KEY");
  if (resumeKey !== "" && resumeKey.length < 32) problems.push(`FRAISEQL_WIRE_RESUME_KEY must be at least 32 characters (it is ${resumeKey.length}): generate one with \`openssl rand -base64 32\``);
  const debugText = raw("FRAISEQL_WIRE_DEBUG_ERRORS");
  const copyText = raw("FRAISEQL_WIRE_COPY").toLowerCase();
  if (!["true", "false", "1", "0"].includes(debugText)) problems.push(`FRAISEQL_WIRE_DEBUG_ERRORS=${JSON.stringify(debugText)} must be true or false`);

  const metricsText = raw("FRAISEQL_WIRE_METRICS_LISTEN");
  const metricsListen = metricsText === "off" ? undefined : hostPort(metricsText);
  if (metricsText !== "off" && (metricsListen === undefined || metricsListen.port === 0)) {
    problems.push(`FRAISEQL_WIRE_METRICS_LISTEN=${JSON.stringify(metricsText)} must be host:port with a port from 1 to 65535 (e.g. 0.0.0.0:9464), or off`);
  }
  const passwordFile = raw("FRAISEQL_WIRE_DATABASE_PASSWORD_FILE");
  const security = parseSecurity(raw, listen, int("FRAISEQL_WIRE_JWT_CLOCK_SKEW_MS", 0, 3_600_000), problems);

  const config: Config = {
    databaseUrl,
    databasePasswordFile: passwordFile === "" ? undefined : passwordFile,
    listen,
    ...security,
    dbRoles: list("FRAISEQL_WIRE_DB_ROLES", (s) => IDENT.test(s), "role name", true),
    maxStreamsPerCaller: int("FRAISEQL_WIRE_MAX_STREAMS_PER_CALLER", 0, 100_000),
    maxRequestBytes: int("FRAISEQL_WIRE_MAX_REQUEST_BYTES", 1024, 4 * 1024 * 1024),
    schemas: list("FRAISEQL_WIRE_SCHEMAS", (s) => IDENT.test(s), "schema name"),
    viewPrefixes: list("FRAISEQL_WIRE_VIEW_PREFIXES", (s) => IDENT.test(s), "view name prefix"),
    workers: raw("FRAISEQL_WIRE_WORKERS") === "auto" ? availableParallelism() : int("FRAISEQL_WIRE_WORKERS", 1, 256),
    poolSize: int("FRAISEQL_WIRE_POOL_SIZE", 1, 1000),
    poolWaitMs: int("FRAISEQL_WIRE_POOL_WAIT_MS", 0, 600_000),
    connectTimeoutMs: int("FRAISEQL_WIRE_CONNECT_TIMEOUT_MS", 100, 600_000),
    statementTimeoutMs: int("FRAISEQL_WIRE_STATEMENT_TIMEOUT_MS", 0, 86_400_000),
    dbResponseTimeoutMs: int("FRAISEQL_WIRE_DB_RESPONSE_TIMEOUT_MS", 100, 3_600_000),
    dbKeepAliveMs: int("FRAISEQL_WIRE_DB_KEEPALIVE_MS", 1000, 3_600_000),
    grpcKeepAliveTimeMs: int("FRAISEQL_WIRE_GRPC_KEEPALIVE_TIME_MS", 1000, 3_600_000),
    grpcKeepAliveTimeoutMs: int("FRAISEQL_WIRE_GRPC_KEEPALIVE_TIMEOUT_MS", 1000, 3_600_000),
    chunkRows: int("FRAISEQL_WIRE_CHUNK_ROWS", 1, 10_000_000),
    maxChunkRows: int("FRAISEQL_WIRE_MAX_CHUNK_ROWS", 1, 10_000_000),
    chunkBytes: int("FRAISEQL_WIRE_CHUNK_BYTES", 1024, 256 * 1024 * 1024),
    maxChunkBytes: int("FRAISEQL_WIRE_MAX_CHUNK_BYTES", 1024, 256 * 1024 * 1024),
    firstFetchRows: int("FRAISEQL_WIRE_FIRST_FETCH_ROWS", 1, 1_000_000),
    fetchBytes: int("FRAISEQL_WIRE_FETCH_BYTES", 1024, 256 * 1024 * 1024),
    maxFetchRows: int("FRAISEQL_WIRE_MAX_FETCH_ROWS", 1, 10_000_000),
    fetchTargetMs: int("FRAISEQL_WIRE_FETCH_TARGET_MS", 0, 600_000),
    resumeKey: resumeKey === "" ? undefined : resumeKey,
    maxTransactionMs: int("FRAISEQL_WIRE_MAX_TRANSACTION_MS", 0, 86_400_000),
    copy: copyText === "on",
    shutdownGraceMs: int("FRAISEQL_WIRE_SHUTDOWN_GRACE_MS", 0, 3_600_000),
    healthIntervalMs: int("FRAISEQL_WIRE_HEALTH_INTERVAL_MS", 100, 3_600_000),
    debugErrors: debugText === "true" || debugText === "1",
    logLevel,
    metricsListen,
  };
  if (config.chunkRows > config.maxChunkRows) problems.push(`FRAISEQL_WIRE_CHUNK_ROWS (${config.chunkRows}) must not exceed FRAISEQL_WIRE_MAX_CHUNK_ROWS (${config.maxChunkRows})`);
  if (config.chunkBytes > config.maxChunkBytes) problems.push(`FRAISEQL_WIRE_CHUNK_BYTES (${config.chunkBytes}) must not exceed FRAISEQL_WIRE_MAX_CHUNK_BYTES (${config.maxChunkBytes})`);
  if (!["on", "off"].includes(copyText)) problems.push(`FRAISEQL_WIRE_COPY=${JSON.stringify(copyText)} must be on or off`);
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

/** "host:port" (IPv6 in brackets) split, or undefined when it is not one. */
function hostPort(text: string): { host: string; port: number } | undefined {
  const match = HOST_PORT.exec(text);
  if (match === null || Number(match[2]) > 65535) return undefined;
  return { host: match[1]!.replace(/^\[(.*)\]$/, "$1"), port: Number(match[2]) };
}
