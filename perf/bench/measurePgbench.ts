import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runChild } from "../support/runChild.js";
import { VIEW } from "./contenders.js";

/** pgbench beside ghz: the same database, the same concurrency, a plain `select data … limit 10`. */
export interface PgbenchResult {
  readonly clients: number;
  readonly tps: number;
  readonly latencyMs: number;
}

const PGBENCH = process.env["PGBENCH"] ?? "pgbench";

/** `clients` connections for `seconds`, each running the limit-10 query the service runs for ghz. */
export async function measurePgbench(url: string, clients: number, seconds = 5): Promise<PgbenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "fraiseql-wire-pgbench-"));
  try {
    const script = join(dir, "limit10.sql");
    writeFileSync(script, `select data from ${VIEW} limit 10;\n`);
    // Prepared statements, one thread per core at most: what a well-written client gets.
    const threads = Math.min(clients, 2);
    const args = ["-n", "-M", "prepared", "-c", String(clients), "-j", String(threads), "-T", String(seconds), "-f", script, url];
    const { value } = await runChild<string>(PGBENCH, args, { json: false, timeoutMs: (seconds + 60) * 1000 });
    const tps = Number(/tps = ([\d.]+)/.exec(value)?.[1] ?? Number.NaN);
    const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(value)?.[1] ?? Number.NaN);
    return { clients, tps, latencyMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
