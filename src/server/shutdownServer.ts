import type { Server } from "@grpc/grpc-js";
import type { Logger } from "pino";
import type { HealthMonitor } from "./HealthMonitor.js";

export interface ShutdownParts {
  readonly server: Server;
  readonly health: HealthMonitor;
  readonly running: Set<Promise<void>>;
  readonly endGrace: () => void;
  readonly closePool: () => Promise<void>;
  readonly log: Logger;
}

// After the grace period, streams get this long to deliver their UNAVAILABLE status before the
// transport is torn down.
const FINAL_STATUS_MS = 2000;

/** The shutdown sequence; see WireServer.shutdown. */
export async function shutdownServer(parts: ShutdownParts, graceMs: number): Promise<void> {
  const { server, health, running, log } = parts;
  await health.stop();
  const closed = new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
  log.info({ runningCalls: running.size, graceMs }, "shutting down: NOT_SERVING, no new calls");
  if (running.size > 0 && !(await settledWithin(running, graceMs))) {
    log.warn({ runningCalls: running.size }, "grace period over: ending running streams with UNAVAILABLE");
    parts.endGrace();
    await settledWithin(running, FINAL_STATUS_MS);
  }
  parts.endGrace();
  if (!(await within(closed, FINAL_STATUS_MS))) server.forceShutdown();
  await parts.closePool();
  log.info("shutdown complete");
}

async function settledWithin(running: Set<Promise<void>>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (running.size > 0) {
    const left = deadline - Date.now();
    if (left <= 0 || !(await within(Promise.allSettled([...running]), left))) return running.size === 0;
  }
  return true;
}

function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void promise.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
