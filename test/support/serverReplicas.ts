import { spawnFaultServer, type FaultServer } from "../faults/support/faultServer.js";

/** A key shared by every replica a test starts (FRAISEQL_WIRE_RESUME_KEY), so that tokens move between them. */
export const SHARED_RESUME_KEY = "resume-tests-shared-key-0123456789abcdef";

/** The environment of a built server process against the test database, its tokens signed with the shared key. */
export function replicaEnv(databaseUrl: string, env: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    FRAISEQL_WIRE_SCHEMAS: "wire_test",
    FRAISEQL_WIRE_RESUME_KEY: SHARED_RESUME_KEY,
    FRAISEQL_WIRE_LOG_LEVEL: "warn",
    FRAISEQL_WIRE_SHUTDOWN_GRACE_MS: "0",
    OTEL_TRACES_EXPORTER: "none",
    OTEL_METRICS_EXPORTER: "none",
    OTEL_LOGS_EXPORTER: "none",
    ...env,
  };
}

/**
 * One replica of the service as a process of its own (the built dist/src/main.js, as the fault suite
 * starts it), which a test may SIGKILL and start again on the same address.
 */
export class Replica {
  private constructor(private process: FaultServer) {}

  static async start(env: Record<string, string>): Promise<Replica> {
    return new Replica(await spawnFaultServer(env));
  }

  get address(): string {
    return this.process.address;
  }

  get pid(): number {
    return this.process.pid;
  }

  logTail(): string {
    return this.process.logTail();
  }

  /** SIGKILL, as a crash or the OOM killer would: no drain, no goodbye to the client. Resolves once it has exited. */
  async kill(): Promise<void> {
    this.process.kill("SIGKILL");
    await this.process.exited;
  }

  /** A new process on the same address (after kill()). */
  async restart(): Promise<void> {
    this.process = await this.process.respawn();
  }

  stop(): Promise<void> {
    return this.process.stop();
  }
}
