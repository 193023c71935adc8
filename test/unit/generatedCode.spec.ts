import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe("generated/", () => {
  it("is what `make generate` produces from proto/ (commit both together)", () => {
    const out = mkdtempSync(join(tmpdir(), "fraiseql-wire-gen-"));
    try {
      execFileSync("npx", ["buf", "generate", "--output", out], { stdio: "pipe" });
      const fresh = files(join(out, "generated")).map((f) => relative(join(out, "generated"), f)).sort();
      const committed = files("generated").map((f) => relative("generated", f)).sort();
      expect(committed).toEqual(fresh);
      for (const file of fresh) {
        expect(readFileSync(join("generated", file), "utf8"), `generated/${file} is stale: run make generate`).toBe(
          readFileSync(join(out, "generated", file), "utf8"),
        );
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
