import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: the nearest folder above this file (src or dist/perf) with a Makefile. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "Makefile"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("repository root not found above " + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}
