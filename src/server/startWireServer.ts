import { setMaxListeners } from "node:events";
import type { Logger } from "pino";
import { CallerStreams } from "../auth/CallerStreams.js";
import { createAuthenticator } from "../auth/createAuthenticator.js";
import { TlsMaterial } from "../auth/TlsMaterial.js";
import type { Config } from "../config/Config.js";
import { NO_TELEMETRY, type Telemetry } from "../telemetry/Telemetry.js";
import { createPool } from "../db/createPool.js";
import { databaseTarget } from "../db/databaseTarget.js";
import { probePool } from "../db/probePool.js";
import { ResumeTokens } from "../stream/resume/ResumeTokens.js";
import { StreamSlots } from "../db/StreamSlots.js";
import { createGrpcServer } from "./createGrpcServer.js";
import { HealthMonitor } from "./HealthMonitor.js";
import { serverCredentials } from "./serverCredentials.js";
import type { ServerState } from "./ServerState.js";
import { shutdownServer } from "./shutdownServer.js";
import type { WireServer } from "./WireServer.js";

/**
 * Builds the pool, health, authentication and gRPC server from a Config and starts listening.
 * Throws a ConfigError when a file the configuration names (TLS, tokens, JWKS, certificates of
 * DATABASE_URL) cannot be used.
 */
export async function startWireServer(config: Config, log: Logger, telemetry: Telemetry = NO_TELEMETRY): Promise<WireServer> {
  const target = databaseTarget(config.databaseUrl, config.databasePasswordFile);
  const tls = config.tls === undefined ? undefined : new TlsMaterial(config.tls, log);
  const auth = createAuthenticator(config, log);
  // One connection more than stream slots: the health probe's (see probePool).
  const pool = createPool({ target, max: config.poolSize + 1, connectTimeoutMs: config.connectTimeoutMs, keepAliveMs: config.dbKeepAliveMs });
  const slots = new StreamSlots(config.poolSize, config.poolWaitMs);
  const health = new HealthMonitor(target, config.healthIntervalMs, log, () =>
    probePool({ pool, slots, answerMs: config.connectTimeoutMs + config.dbResponseTimeoutMs }),
  );
  if (config.resumeKey === undefined) {
    log.warn("FRAISEQL_WIRE_RESUME_KEY is not set: resume tokens are signed with a random key and work only on this instance; set the same key on every replica");
  }
  const grace = new AbortController();
  // Every running call listens for the end of the grace period: as many listeners as calls.
  setMaxListeners(0, grace.signal);
  let shuttingDown = false;
  const state: ServerState = {
    stream: {
      pool,
      slots,
      scope: { schemas: config.schemas, prefixes: config.viewPrefixes },
      plan: { firstFetchRows: config.firstFetchRows, fetchBytes: config.fetchBytes, maxFetchRows: config.maxFetchRows, fetchTargetMs: config.fetchTargetMs },
      statementTimeoutMs: config.statementTimeoutMs,
      responseTimeoutMs: config.dbResponseTimeoutMs,
      maxChunkBytes: config.maxChunkBytes,
      log,
      retries: { count: 0 },
      resume: new ResumeTokens(config.resumeKey === undefined ? ResumeTokens.randomKey() : Buffer.from(config.resumeKey, "utf8")),
      maxTransactionMs: config.maxTransactionMs,
      copy: config.copy,
      hops: { count: 0 },
      hooks: telemetry.streamHooks,
      views: new Map(),
    },
    auth,
    callerStreams: new CallerStreams(config.maxStreamsPerCaller),
    maxRequestBytes: config.maxRequestBytes,
    limits: { chunkRows: config.chunkRows, maxChunkRows: config.maxChunkRows, chunkBytes: config.chunkBytes, maxChunkBytes: config.maxChunkBytes },
    log,
    keepAlive: { timeMs: config.grpcKeepAliveTimeMs, timeoutMs: config.grpcKeepAliveTimeoutMs },
    debugErrors: config.debugErrors,
    shutdownSignal: grace.signal,
    isShuttingDown: () => shuttingDown,
    running: new Set(),
    telemetry,
  };
  telemetry.observePool(() => ({ used: slots.busy, max: slots.size, waiting: slots.waiting }));
  const server = createGrpcServer(state, health);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(config.listen, serverCredentials(tls), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  const serving = await health.start();
  if (!serving) log.warn("database not reachable at start-up: serving NOT_SERVING until it answers");
  const host = config.listen.slice(0, config.listen.lastIndexOf(":"));
  const address = `${host}:${port}`;
  log.info({ address, schemas: config.schemas, poolSize: config.poolSize, tls: tls !== undefined, mtls: config.tls?.clientCaFile !== undefined, auth: config.auth.mode }, "fraiseql-wire listening");

  let done: Promise<void> | undefined;
  return {
    address,
    port,
    reload: () => {
      tls?.reload();
      auth.reload();
    },
    shutdown: (graceMs = config.shutdownGraceMs) => {
      shuttingDown = true;
      tls?.close();
      auth.close();
      done ??= shutdownServer(
        { server, health, running: state.running, endGrace: () => grace.abort(), closePool: () => pool.end(2), log },
        graceMs,
      );
      return done;
    },
  };
}
