import type { Logger } from "pino";
import { NO_TELEMETRY, type Telemetry } from "./Telemetry.js";
import type { TelemetrySignals } from "./telemetrySignals.js";

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The process's telemetry: NO_TELEMETRY when no signal is configured, else the OpenTelemetry SDK
 * (startSdk). The SDK and its exporters are loaded only then: with nothing set they cost no start-up
 * time and no memory (about 12 MB of RSS and a few hundred ms of module loading, measured).
 */
export async function startTelemetry(signals: TelemetrySignals, env: Env, log: Logger, databaseUrl: string): Promise<Telemetry> {
  if (signals.traceExporters.length === 0 && signals.metricExporters.length === 0 && signals.scrape === undefined && signals.scrapedByPrimary !== true) return NO_TELEMETRY;
  const { startSdk } = await import("./startSdk.js");
  return startSdk(signals, env, log, databaseUrl);
}
