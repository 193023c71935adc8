import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { settings } from "../../src/config/settings.js";
import { markdownFiles } from "./support/markdownFiles.js";

// The docs audit (issue 15): environment variables, both ways. test/unit/parseConfig.spec.ts
// checks that each setting is in README's table with its default; here the table has nothing else,
// every variable the code reads is documented, and the docs name no variable nothing reads.
const readme = readFileSync("README.md", "utf8");
const table = readme.split("### Configuration")[1]!.split("\n## ")[0]!;
const rows = [...table.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \|/gm)].map((m) => m[1]!);
const names = (text: string): string[] => [...text.matchAll(/\b(FRAISEQL_WIRE_[A-Z0-9_]*[A-Z0-9])\b/g)].map((m) => m[1]!);
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => /\.(ts|sh|ya?ml|json)$/.test(f)).map((f) => join(dir, f));
/** The FRAISEQL_WIRE_* names the server, SDK and CLI read (string literals in src/). */
const readBySrc = new Set(filesUnder("src").flatMap((f) => [...readFileSync(f, "utf8").matchAll(/"(FRAISEQL_WIRE_[A-Z0-9_]+)"/g)].map((m) => m[1]!)));
/** Every FRAISEQL_WIRE_* name anything in the repository uses: src/, tests, scripts, deployment. */
const used = new Set(
  [...["src", "test", "perf", "scripts", "k8s", "deploy", ".github"].flatMap(filesUnder), "Makefile", "docker-compose.yml", "Dockerfile", ".ci/run"]
    .filter((f) => !f.startsWith("test/docs/"))
    .flatMap((f) => names(readFileSync(f, "utf8"))),
);

describe("environment variables", () => {
  it("README's configuration table lists exactly the settings of src/config/settings.ts, in the same order", () => {
    expect(rows).toEqual(settings.map((s) => s.env));
  });

  it("every FRAISEQL_WIRE_* variable the code reads is in README.md (settings in the table, the CLI's and make run's in their sections)", () => {
    expect([...readBySrc].filter((name) => !new RegExp(`\\b${name}\\b`).test(readme)).sort()).toEqual([]);
  });

  it("the docs name no FRAISEQL_WIRE_* variable that nothing reads (a typo, or one that was removed)", () => {
    const unknown = markdownFiles().flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .flatMap((line, i) => names(line).filter((name) => !used.has(name)).map((name) => `${file}:${i + 1}: ${name}`)),
    );
    expect(unknown).toEqual([]);
  });
});
