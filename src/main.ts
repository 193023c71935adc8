/**
 * The server's entry: `fraiseql-wire serve` and `node dist/src/main.js` run {@link main}, which
 * reads the configuration from the environment (every `FRAISEQL_WIRE_*` variable of README's
 * configuration table, and the standard `OTEL_*` ones), starts telemetry and the gRPC server, and
 * shuts down gracefully on SIGTERM or SIGINT (SIGHUP reloads the TLS and credential files).
 *
 * @example
 * ```ts
 * import { main } from "./main.js"; // fraiseql-wire/dist/src/main.js
 *
 * // Serves until SIGTERM; the exit code is 2 for a configuration problem.
 * process.exitCode = await main([], { ...process.env, FRAISEQL_WIRE_LISTEN: "127.0.0.1:0" });
 * ```
 *
 * @module server
 */
import cluster from "node:cluster";
import { superviseWorkers } from "./cluster/superviseWorkers.js";
import { ConfigError } from "./config/ConfigError.js";
import { helpText } from "./config/helpText.js";
import { parseConfig } from "./config/parseConfig.js";
import { redactUrl } from "./config/redactUrl.js";
import { createLogger } from "./log/createLogger.js";
import { startWireServer } from "./server/startWireServer.js";
import { startTelemetry } from "./telemetry/startTelemetry.js";
import { telemetrySignals } from "./telemetry/telemetrySignals.js";

/**
 * `fraiseql-wire serve`: config → logger → telemetry → server; SIGTERM/SIGINT shut down gracefully.
 * With FRAISEQL_WIRE_WORKERS > 1 this process supervises that many workers, each of which runs this
 * function again as a single server on the shared port (superviseWorkers).
 *
 * @param argv the arguments after `serve`: only `--help` (`-h`) is understood, which prints every
 *   setting with its default and returns 0.
 * @param env where the settings are read from (usually `process.env`).
 * @returns the exit code once the server has shut down: 0 after a signal, 2 when the configuration
 *   (or a file it names) cannot be used, with one line on stderr saying what to fix.
 */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(`Usage: fraiseql-wire serve\n\nServes QueryService over gRPC.\n\n${helpText()}`);
    return 0;
  }
  let config;
  let signals;
  try {
    config = parseConfig(env);
    signals = telemetrySignals(env, config.metricsListen);
    if (signals.problems.length > 0) throw new ConfigError(signals.problems);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`fraiseql-wire: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const root = createLogger(config.logLevel);
  if (config.workers > 1 && cluster.isPrimary) {
    root.info({ database: redactUrl(config.databaseUrl), workers: config.workers }, "starting workers");
    return superviseWorkers(config, root, env, signals);
  }
  // A worker's lines say which one it is (its pid is on every line too).
  const log = cluster.isWorker ? root.child({ worker: cluster.worker!.id }) : root;
  log.info({ database: redactUrl(config.databaseUrl) }, "starting");
  // A worker's scrape endpoint is the primary's: it answers the primary's requests instead.
  const own = cluster.isWorker && signals.scrape !== undefined ? { ...signals, scrape: undefined, scrapedByPrimary: true } : signals;
  const telemetry = await startTelemetry(own, env, log, config.databaseUrl);
  if (telemetry.exporting.traces.length + telemetry.exporting.metrics.length > 0) log.info(telemetry.exporting, "telemetry exporting");
  let server;
  try {
    server = await startWireServer(config, log, telemetry);
  } catch (error) {
    // A file the configuration names (TLS, tokens, JWKS, database certificates) cannot be used.
    if (error instanceof ConfigError) {
      process.stderr.write(`fraiseql-wire: ${error.message}\n`);
      await telemetry.shutdown();
      return 2;
    }
    throw error;
  }
  const running = server;
  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      log.info({ signal }, "signal received");
      process.off("SIGTERM", onTerm);
      process.off("SIGINT", onInt);
      process.off("SIGHUP", onHup);
      void running
        .shutdown()
        .then(() => telemetry.shutdown())
        .then(resolve);
    };
    const onTerm = (): void => stop("SIGTERM");
    const onInt = (): void => stop("SIGINT");
    // SIGHUP re-reads the TLS certificate, the token file and a JWKS file; streams go on.
    const onHup = (): void => {
      log.info({ signal: "SIGHUP" }, "reloading TLS and credential files");
      running.reload();
    };
    process.on("SIGTERM", onTerm);
    process.on("SIGINT", onInt);
    process.on("SIGHUP", onHup);
  });
  // A worker's channel to the primary keeps it alive: close it, so that it exits like a single
  // server (the `fraiseql-wire serve` command sets an exit code rather than calling exit).
  if (cluster.isWorker) cluster.worker!.disconnect();
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2), process.env).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`fraiseql-wire: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
