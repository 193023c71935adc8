import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { repoRoot } from "./repoRoot.js";

/**
 * The ghz binary: GHZ if set, else .tools/bin/ghz (scripts/install-tools.sh puts a pinned version
 * there), else ghz on PATH. undefined when there is none: the caller skips with a message.
 */
export function findGhz(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [env["GHZ"], join(repoRoot(), ".tools", "bin", "ghz"), ...(env["PATH"] ?? "").split(delimiter).map((d) => join(d, "ghz"))];
  for (const candidate of candidates) {
    if (candidate === undefined || candidate === "") continue;
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; try the next one
    }
  }
  return undefined;
}
