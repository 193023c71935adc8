import { freePort } from "../../perf/support/freePort.js";
import { startScratchDatabase } from "../../perf/support/scratchDatabase.js";

export interface TestDatabase {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * DATABASE_URL when set; otherwise a fresh embedded PostgreSQL 17 (perf/support/scratchDatabase.ts,
 * shared with the benchmarks), removed again by stop(). When embedded PostgreSQL cannot run on this
 * machine, throws an Error whose message says why and what to do, in one sentence.
 */
export async function startDatabase(env: NodeJS.ProcessEnv = process.env): Promise<TestDatabase> {
  if (env["DATABASE_URL"]) return { url: env["DATABASE_URL"], stop: async () => {} };
  return startScratchDatabase({ postgresFlags: ["-c", "max_connections=200"] });
}

// One implementation of the port probe serves the tests and the benchmarks.
export { freePort };
