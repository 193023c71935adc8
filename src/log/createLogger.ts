import { pino, type DestinationStream, type Logger } from "pino";
import { traceFields } from "../telemetry/traceFields.js";

// Secrets as they appear inside any string of a log line, whatever field or depth holds them:
// the password of a URL (postgres://user:PASSWORD@host), a libpq keyword or query parameter
// (password=PASSWORD), and a JSON property named like a password ({"pass": "PASSWORD"}: postgres.js
// calls it `pass`).
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^\s:@/"\\]*:)[^\s@"\\]*@/gi;
const KEYWORD_PASSWORD = /\b((?:ssl)?password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s"'&;,]+)/gi;
const JSON_PASSWORD = /"((?:ssl)?pass(?:word|wd)?|pwd|secret|token|authorization)"\s*:\s*"(?:[^"\\]|\\.)*"/gi;
// A bearer credential quoted anywhere (an authorization header in an error's text).
const BEARER = /\b(bearer\s+)[A-Za-z0-9\-._~+/]+=*/gi;

/** A serialised log line with every password replaced by "***". */
export function scrubSecrets(line: string): string {
  return line.replace(URL_PASSWORD, "$1***@").replace(KEYWORD_PASSWORD, "$1***").replace(JSON_PASSWORD, '"$1":"***"').replace(BEARER, "$1***");
}

/**
 * The process logger (JSON lines on stdout, as Kubernetes expects; tests pass a destination to read
 * them). Redaction has two layers: known fields by path, then every finished line is scrubbed of
 * anything shaped like a password, so an error object that quotes a DSN cannot leak it either.
 * The first line of defence stays not logging a DSN at all (main logs it through redactUrl).
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    name: "fraiseql-wire",
    level,
    redact: { paths: ["password", "*.password", "pass", "*.pass", "databaseUrl", "*.databaseUrl", "config.databaseUrl"], censor: "***" },
    hooks: { streamWrite: scrubSecrets },
    // trace_id and span_id of the active span, so that a call's lines and its trace find each other.
    mixin: traceFields,
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}

export type { Logger };
