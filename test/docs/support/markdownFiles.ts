import { execFileSync } from "node:child_process";

/**
 * Every Markdown file of the repository that git tracks or would track (new files included,
 * ignored ones such as node_modules/ and dist/ left out), as paths from the repository root.
 */
export function markdownFiles(): string[] {
  const out = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "--", "*.md"], { encoding: "utf8" });
  return [...new Set(out.split("\n").filter((f) => f !== ""))].sort();
}
