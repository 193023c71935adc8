import { diag, DiagLogLevel } from "@opentelemetry/api";
import type { Logger } from "pino";

/**
 * The SDK's own warnings and errors (an exporter that cannot reach its collector, a dropped batch)
 * as log lines, instead of nowhere: the SDK is silent by default. OTEL_LOG_LEVEL, when set, keeps
 * the SDK's own console logger instead (NodeSDK installs it).
 */
export function routeDiagnostics(log: Logger): void {
  const child = log.child({ component: "opentelemetry" });
  const line =
    (level: "warn" | "error") =>
    (message: string, ...args: unknown[]): void =>
      child[level]({ detail: args.map((a) => (a instanceof Error ? a.message : typeof a === "string" ? a : JSON.stringify(a))).join("; ") || undefined }, message);
  diag.setLogger(
    { error: line("error"), warn: line("warn"), info: () => {}, debug: () => {}, verbose: () => {} },
    { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
  );
}
