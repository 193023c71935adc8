import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { markdownFiles } from "./support/markdownFiles.js";

// The docs audit (issue 15): Markdown style (.markdownlint-cli2.jsonc) and spelling (cspell.json,
// with the project's words in project-words.txt), over every Markdown file and the proto.
function run(tool: string, args: readonly string[]): { ok: boolean; output: string } {
  try {
    return { ok: true, output: execFileSync("npx", [tool, ...args], { encoding: "utf8", stdio: "pipe" }) };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

describe("the docs", () => {
  it("pass markdownlint-cli2", () => {
    const lint = run("markdownlint-cli2", markdownFiles());
    expect(lint.output.split("\n").filter((l) => / error MD\d+/.test(l))).toEqual([]);
    expect(lint.ok, lint.output).toBe(true);
  }, 60_000);

  it("pass cspell (words it lacks go into project-words.txt)", () => {
    const spell = run("cspell", ["--no-progress", "--no-summary", "--no-color", ...markdownFiles(), "proto/fraiseql/wire/v1/query_service.proto"]);
    expect(spell.output.split("\n").filter((l) => l.includes("Unknown word"))).toEqual([]);
    expect(spell.ok, spell.output).toBe(true);
  }, 60_000);
});
