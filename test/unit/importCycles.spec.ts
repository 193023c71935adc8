import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { describe, expect, it } from "vitest";

// Layout (issue 15): modules of src/ do not import each other in a circle (RowFormatter and
// TableFormatter once did). A cycle makes load order matter and hides which module owns what.
const TOLERATED = new Set<string>();

mkdirSync(".tmp", { recursive: true });

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"/gms)].map((m) => normalize(join(dirname(file), m[1]!.replace(/\.js$/, ".ts"))));
}

function cycles(files: readonly string[]): string[] {
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const found: string[] = [];
  const visit = (file: string): void => {
    state.set(file, "open");
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === "open") found.push([...stack.slice(stack.indexOf(next)), next].join(" -> "));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe("src/", () => {
  it("has no import cycle", () => {
    const files = readdirSync("src", { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts")).map((f) => join("src", f)).sort();
    expect(cycles(files).filter((c) => !TOLERATED.has(c))).toEqual([]);
  });

  it("would see one: a type import back is a cycle too", () => {
    const dir = mkdtempSync(join(".tmp", "cycle-"));
    try {
      writeFileSync(join(dir, "Formatter.ts"), 'import { Table } from "./Table.js";\nexport interface Formatter { row(): string }\nexport const make = () => new Table();\n');
      writeFileSync(join(dir, "Table.ts"), 'import type { Formatter } from "./Formatter.js";\nexport class Table implements Formatter { row() { return ""; } }\n');
      expect(cycles([join(dir, "Formatter.ts"), join(dir, "Table.ts")])).toEqual([`${dir}/Formatter.ts -> ${dir}/Table.ts -> ${dir}/Formatter.ts`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
