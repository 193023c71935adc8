import { HealthImplementation } from "grpc-health-check";
import postgres from "postgres";
import type { Logger } from "pino";
import type { DatabaseTarget } from "../db/databaseTarget.js";

export const QUERY_SERVICE_NAME = "fraiseql.wire.v1.QueryService";

/** Whether the server can hand a stream a working connection: undefined for yes, else why not. */
export type PoolProbe = () => Promise<string | undefined>;

/**
 * grpc.health.v1 status: SERVING only while PostgreSQL answers and the pool can hand out a
 * connection in time. The ping runs over a connection of its own, so that a pool full of long
 * streams does not read as an outage; the pool probe catches the opposite, a database that answers
 * while the service cannot serve (a wedged pool), so an orchestrator restarts it.
 */
export class HealthMonitor {
  readonly implementation = new HealthImplementation({ "": "NOT_SERVING", [QUERY_SERVICE_NAME]: "NOT_SERVING" });
  private readonly sql: postgres.Sql;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private serving: boolean | undefined;

  constructor(
    target: DatabaseTarget,
    private readonly intervalMs: number,
    private readonly log: Logger,
    private readonly probePool: PoolProbe,
  ) {
    this.sql = postgres(target.url, {
      ...target.options,
      max: 1,
      connect_timeout: Math.max(1, Math.ceil(Math.min(intervalMs, 5000) / 1000)),
      idle_timeout: 0,
      fetch_types: false,
      onnotice: () => {},
      connection: { application_name: "fraiseql-wire-health" },
    });
  }

  /** Checks once now, then every interval. Resolves with the first result. */
  async start(): Promise<boolean> {
    const ok = await this.check();
    this.schedule();
    return ok;
  }

  /** NOT_SERVING from now on (shutdown): load balancers stop sending new calls. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.set(false);
    await this.sql.end({ timeout: 1 }).catch(() => {});
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.check().then(() => this.schedule());
    }, this.intervalMs);
    this.timer.unref();
  }

  private async check(): Promise<boolean> {
    let problem: string | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("health check timed out")), Math.min(this.intervalMs, 5000)).unref());
      await Promise.race([this.sql`select 1`.execute(), timeout]);
      problem = await this.probePool();
    } catch (error) {
      problem = `database health check failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (problem !== undefined && this.serving !== false) this.log.warn({ cause: problem }, "NOT_SERVING");
    if (!this.stopped) this.set(problem === undefined);
    return problem === undefined;
  }

  private set(ok: boolean): void {
    if (this.serving === ok) return;
    if (ok && this.serving === false) this.log.info("database answers and the pool serves again: SERVING");
    this.serving = ok;
    const status = ok ? "SERVING" : "NOT_SERVING";
    this.implementation.setStatus("", status);
    this.implementation.setStatus(QUERY_SERVICE_NAME, status);
  }
}
