import { readFileSync } from "node:fs";
import { join } from "node:path";

/** One Dockerfile instruction, continuation lines joined, in the stage it belongs to. */
export interface Instruction {
  readonly keyword: string;
  readonly args: string;
  /** Index of its stage (0 = the first FROM); -1 before any FROM (global ARGs). */
  readonly stage: number;
}

/** The top-level Dockerfile, parsed just enough for tests to read what the image is. */
export function readDockerfile(root = process.cwd()): Instruction[] {
  const text = readFileSync(join(root, "Dockerfile"), "utf8");
  const lines = text.split("\n").filter((line) => !/^\s*#/.test(line));
  const logical = lines.join("\n").replace(/\\\n/g, " ").split("\n").map((l) => l.trim()).filter((l) => l !== "");
  let stage = -1;
  return logical.map((line) => {
    const [, keyword = "", args = ""] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === "FROM") stage++;
    return { keyword: keyword.toUpperCase(), args: args.replace(/\s+/g, " "), stage };
  });
}

/** The instructions of the last stage: what the published image is. */
export function runtimeStage(instructions: readonly Instruction[]): Instruction[] {
  const last = Math.max(...instructions.map((i) => i.stage));
  return instructions.filter((i) => i.stage === last);
}

/** KEY=VALUE pairs of ENV (or LABEL) instructions, quotes removed. */
export function pairsOf(instructions: readonly Instruction[], keyword: "ENV" | "LABEL"): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const i of instructions.filter((x) => x.keyword === keyword)) {
    for (const [, key, quoted, bare] of i.args.matchAll(/([\w.-]+)=(?:"([^"]*)"|(\S+))/g)) pairs[key!] = quoted ?? bare ?? "";
  }
  return pairs;
}
