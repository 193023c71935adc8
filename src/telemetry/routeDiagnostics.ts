import { diag, DiagLogLevel } from "@opentelemetry/api";
import type { Logger } from "pino";

/**
 * The SDK's own warnings and errors (an exporter that cannot reach its collector, a dropped batch)
 * as log lines, instead of nowhere: the SDK is silent by default. OTEL_LOG_LEVEL, when set, keeps
 * the SDK's own console logger instead (NodeSDK installs it).
 */
export function routeDiagnostics(log: Logger): void {
  const child = log.child({ component: "opentelemetry" });
  // An exporter's error can carry the request it failed to send: the line keeps a short description.
  const describe = (a: unknown): string => (a instanceof Error ? a.message : typeof a === "string" ? a : (JSON.stringify(a) ?? String(a)));
  const line =
    (level: "warn" | "error") =>
    (message: string, ...args: unknown[]): void =>
      child[level]({ detail: args.map(describe).join("; ").slice(0, 500) || undefined }, message.slice(0, 500));
  diag.setLogger(
    { error: line("error"), warn: line("warn"), info: () => {}, debug: () => {}, verbose: () => {} },
    { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true },
  );
}
