import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCli } from "../../src/cli/parseCli.js";
import { UsageError } from "../../src/cli/UsageError.js";
import { docCommands, shellWords } from "./support/docCommands.js";
import { markdownFiles } from "./support/markdownFiles.js";

// The docs audit (issue 15): every `make X` and `fraiseql-wire …` command the docs show exists.
const commands = docCommands(markdownFiles());
const targets = new Set([...readFileSync("Makefile", "utf8").matchAll(/^([a-z][\w-]*):/gm)].map((m) => m[1]!));

/** The fraiseql-wire argv of a command line (after env assignments and `npx [--package X]`), or undefined. */
function cliArgs(text: string): string[] | undefined {
  const words = shellWords(text);
  let i = 0;
  while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!)) i++;
  if (words[i] === "npx") {
    i++;
    while (words[i]?.startsWith("-")) i += words[i] === "--package" || words[i] === "-p" ? 2 : 1;
  }
  return words[i] === "fraiseql-wire" ? words.slice(i + 1) : undefined;
}

/** Why `fraiseql-wire` would refuse these arguments, or undefined when it takes them. */
function refusal(args: readonly string[]): string | undefined {
  try {
    const cli = parseCli(args, {});
    const extra = cli.command === "serve" ? cli.rest.filter((a) => a !== "--help" && a !== "-h") : [];
    return extra.length > 0 ? `serve takes only --help, not ${extra.join(" ")}` : undefined;
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
}

describe("commands in the docs", () => {
  it("`make X` names a target of the Makefile", () => {
    const found = commands.flatMap((c) => [...c.text.matchAll(/(?:^|[\s;&|(])make\s+(?:-\S+\s+)*([a-z][\w-]*)/g)].map((m) => ({ where: c.where, target: m[1]! })));
    expect(found.length).toBeGreaterThan(50);
    expect(found.filter((f) => !targets.has(f.target)).map((f) => `${f.where}: make ${f.target}`)).toEqual([]);
  });

  it("`fraiseql-wire …` names a real command, with options the command line knows (and values it takes, where the line is runnable)", () => {
    const problems: string[] = [];
    let checked = 0;
    for (const c of commands) {
      const args = cliArgs(c.text);
      if (args === undefined || args.length === 0) continue;
      checked++;
      // A synopsis (`query <entity> [--limit n]`, `query --no-resume | --resume-attempts n`) or a
      // placeholder (`…`): the command and each option must exist; values are not checked.
      const synopsis = c.inline || /[…<[]/.test(c.text);
      const command = args[0]!;
      if (command === "…") continue;
      if (!synopsis) {
        const why = refusal(args);
        if (why !== undefined) problems.push(`${c.where}: ${c.text}: ${why}`);
        continue;
      }
      const base = command === "query" ? ["query", "entity"] : [command];
      const why = refusal(base);
      if (why !== undefined && command !== "query") problems.push(`${c.where}: ${c.text}: ${why}`);
      for (const flag of c.text.match(/(?<![\w-])--?[a-z][\w-]*/g) ?? []) {
        const unknown = refusal([...base, flag, "1"])?.match(/Unknown option|unknown command/);
        if (unknown) problems.push(`${c.where}: ${c.text}: ${command} has no option ${flag}`);
      }
    }
    expect(checked).toBeGreaterThan(15);
    expect(problems).toEqual([]);
  });
});
