import cluster, { type Worker } from "node:cluster";
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import type { Config } from "../config/Config.js";
import type { TelemetrySignals } from "../telemetry/telemetrySignals.js";
import { serveWorkerMetrics } from "./serveWorkerMetrics.js";

// A worker that dies after it served is replaced, at most this often: a crash loop must not spin.
const RESTART_DELAY_MS = 1000;

/**
 * The primary of a multi-worker server (FRAISEQL_WIRE_WORKERS > 1): forks `config.workers` copies
 * of this program, which serve the same port through Node's cluster (the primary accepts and hands
 * connections out round-robin; gRPC calls stay on the connection, hence the worker, they came on).
 * It opens no database connection and serves nothing itself.
 *
 * - SIGTERM/SIGINT go to every worker, each of which drains like a single server (health
 *   NOT_SERVING, running streams finish within the grace period); resolves with 0 once all exited.
 *   SIGHUP goes to every worker too: each re-reads its TLS and credential files.
 * - A worker that fails before it listens fails the server (bad database, port taken): the others
 *   are stopped and the exit code is 1. One that dies later is logged and replaced.
 * - Workers run with this process's node flags (execArgv) and environment (NODE_OPTIONS included).
 * - Resume tokens must verify on every worker: without FRAISEQL_WIRE_RESUME_KEY, the primary draws
 *   one random key for all its workers.
 * - Each worker's log lines carry its cluster id (`worker`, a new one for a replacement), and its
 *   telemetry its slot 1..N (OTEL_RESOURCE_ATTRIBUTES fraiseql.wire.worker, kept by a replacement, so
 *   that metric series stay few): per-worker figures can be told apart or summed. The primary serves
 *   FRAISEQL_WIRE_METRICS_LISTEN itself, with every worker's series (serveWorkerMetrics).
 */
export async function superviseWorkers(config: Config, log: Logger, env: NodeJS.ProcessEnv, signals: TelemetrySignals): Promise<number> {
  const resumeKey = config.resumeKey ?? randomBytes(32).toString("base64");
  if (config.resumeKey === undefined) {
    log.warn("FRAISEQL_WIRE_RESUME_KEY is not set: resume tokens are signed with a random key shared by this server's workers and work only on this instance; set the same key on every replica");
  }
  const workerEnv = (n: number): NodeJS.ProcessEnv => ({
    FRAISEQL_WIRE_RESUME_KEY: resumeKey,
    OTEL_RESOURCE_ATTRIBUTES: [env["OTEL_RESOURCE_ATTRIBUTES"], `fraiseql.wire.worker=${n}`].filter((a) => a !== undefined && a !== "").join(","),
  });
  const metrics = signals.scrape === undefined ? undefined : await serveWorkerMetrics(signals.scrape.host, signals.scrape.port);
  const exitCode = await new Promise<number>((resolve) => {
    const live = new Map<Worker, number>();
    const listened = new Set<Worker>();
    let stopping = false;
    let exitCode = 0;
    const fork = (n: number): void => {
      const worker = cluster.fork(workerEnv(n));
      live.set(worker, n);
      worker.once("listening", () => {
        listened.add(worker);
        if (listened.size === config.workers) log.info({ workers: config.workers, listen: config.listen }, "all workers listening");
      });
    };
    const stop = (code: number): void => {
      if (!stopping) exitCode = code;
      stopping = true;
      for (const worker of live.keys()) if (!worker.isDead()) worker.process.kill("SIGTERM");
      if (live.size === 0) finish();
    };
    const finish = (): void => {
      process.off("SIGTERM", onTerm);
      process.off("SIGINT", onInt);
      process.off("SIGHUP", onHup);
      cluster.off("exit", onExit);
      resolve(exitCode);
    };
    const onExit = (worker: Worker, code: number | null, signal: string | null): void => {
      const n = live.get(worker);
      if (n === undefined) return;
      const id = worker.id;
      live.delete(worker);
      if (stopping) {
        if (live.size === 0) finish();
        return;
      }
      if (!listened.has(worker)) {
        log.error({ worker: id, code, signal }, "a worker failed to start: stopping the server");
        return stop(code === 0 || code === null ? 1 : code);
      }
      listened.delete(worker);
      log.error({ worker: id, slot: n, code, signal }, "a worker exited: starting a new one");
      setTimeout(() => {
        if (!stopping) fork(n);
      }, RESTART_DELAY_MS);
    };
    const onTerm = (): void => {
      log.info({ signal: "SIGTERM", workers: live.size }, "signal received: draining every worker");
      stop(0);
    };
    const onInt = (): void => {
      log.info({ signal: "SIGINT", workers: live.size }, "signal received: draining every worker");
      stop(0);
    };
    const onHup = (): void => {
      log.info({ signal: "SIGHUP", workers: live.size }, "signal received: every worker reloads its TLS and credential files");
      // Only to workers that listen, hence handle it: SIGHUP's default action would end one still starting.
      for (const worker of listened) if (!worker.isDead()) worker.process.kill("SIGHUP");
    };
    cluster.on("exit", onExit);
    process.on("SIGTERM", onTerm);
    process.on("SIGINT", onInt);
    process.on("SIGHUP", onHup);
    for (let n = 1; n <= config.workers; n++) fork(n);
  });
  if (metrics !== undefined) {
    metrics.closeAllConnections();
    await new Promise((resolve) => metrics.close(resolve));
  }
  return exitCode;
}
