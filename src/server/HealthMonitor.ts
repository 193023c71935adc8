import { HealthImplementation } from "grpc-health-check";
import postgres from "postgres";
import type { Logger } from "pino";

export const QUERY_SERVICE_NAME = "fraiseql.wire.v1.QueryService";

/**
 * grpc.health.v1 status, SERVING only while PostgreSQL answers. It pings over a connection of its
 * own so that a pool full of long streams does not read as an outage.
 */
export class HealthMonitor {
  readonly implementation = new HealthImplementation({ "": "NOT_SERVING", [QUERY_SERVICE_NAME]: "NOT_SERVING" });
  private readonly sql: postgres.Sql;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private serving: boolean | undefined;

  constructor(
    databaseUrl: string,
    private readonly intervalMs: number,
    private readonly log: Logger,
  ) {
    this.sql = postgres(databaseUrl, {
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
    let ok: boolean;
    try {
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("health check timed out")), Math.min(this.intervalMs, 5000)).unref());
      await Promise.race([this.sql`select 1`.execute(), timeout]);
      ok = true;
    } catch (error) {
      ok = false;
      if (this.serving !== false) this.log.warn({ cause: error instanceof Error ? error.message : String(error) }, "database health check failed: NOT_SERVING");
    }
    if (!this.stopped) this.set(ok);
    return ok;
  }

  private set(ok: boolean): void {
    if (this.serving === ok) return;
    if (ok && this.serving === false) this.log.info("database answers again: SERVING");
    this.serving = ok;
    const status = ok ? "SERVING" : "NOT_SERVING";
    this.implementation.setStatus("", status);
    this.implementation.setStatus(QUERY_SERVICE_NAME, status);
  }
}
