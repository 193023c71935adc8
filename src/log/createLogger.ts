import { pino, type Logger } from "pino";

/**
 * The process logger (JSON lines on stdout, as Kubernetes expects). Redaction is a second line of
 * defence: we never log a DSN unredacted in the first place.
 */
export function createLogger(level: string): Logger {
  return pino({
    name: "fraiseql-wire",
    level,
    redact: { paths: ["password", "*.password", "databaseUrl", "*.databaseUrl", "config.databaseUrl"], censor: "***" },
  });
}

export type { Logger };
