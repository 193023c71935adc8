import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

/** Tools that scripts/install-tools.sh installs into .tools/ (git-ignored). */
export const TOOLS_DIR = join(process.cwd(), ".tools");

/**
 * Tests that need an outside tool skip with a visible reason when it is missing, except in CI
 * (CI=true) or under `make interop` (FRAISEQL_WIRE_REQUIRE_TOOLS=true), where they must run.
 */
export const toolsRequired = process.env["CI"] === "true" || process.env["FRAISEQL_WIRE_REQUIRE_TOOLS"] === "true";

/** The first candidate path that exists, or a command found on PATH; undefined when none is there. */
export function findTool(command: string, ...candidates: string[]): string | undefined {
  for (const path of candidates) if (existsSync(path)) return path;
  try {
    return execFileSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** "" when everything is there; otherwise why not, with the fix. */
export function whyMissing(tools: Record<string, string | undefined>): string {
  const missing = Object.entries(tools).filter(([, path]) => path === undefined).map(([name]) => name);
  return missing.length === 0 ? "" : `${missing.join(", ")} not installed: run scripts/install-tools.sh (make tools)`;
}
