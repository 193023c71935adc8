import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The version in fraiseql-wire's own package.json, found by walking up (this file sits at another
 * depth under src/ and dist/src/), so that `--version` says what package.json says, the one place
 * scripts/publish.sh sets it.
 */
export function packageVersion(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
    if (pkg.name === "fraiseql-wire" && pkg.version !== undefined) return pkg.version;
  }
  throw new Error(`the package.json of fraiseql-wire was not found above ${from}`);
}
