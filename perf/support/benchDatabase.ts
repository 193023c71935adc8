import { startScratchDatabase } from "./scratchDatabase.js";

export interface BenchDatabase {
  readonly url: string;
  /** True when we started it (and stop() removes it); false for DATABASE_URL. */
  readonly embedded: boolean;
  stop(): Promise<void>;
}

/**
 * DATABASE_URL when set; otherwise a fresh embedded PostgreSQL 17 (scratchDatabase.ts, the same as
 * the tests', durability off: this database holds generated data only) with buffers big enough to
 * keep 1M small rows in memory, in a temp folder that stop() removes.
 */
export async function startBenchDatabase(env: NodeJS.ProcessEnv = process.env): Promise<BenchDatabase> {
  const given = env["DATABASE_URL"];
  if (given) return { url: given, embedded: false, stop: async () => {} };
  const db = await startScratchDatabase({
    name: "fraiseql-wire-bench-pg-",
    postgresFlags: ["-c", "max_connections=200", "-c", "shared_buffers=1GB", "-c", "max_wal_size=4GB", "-c", "checkpoint_timeout=30min"],
  });
  return { url: db.url, embedded: true, stop: () => db.stop() };
}
