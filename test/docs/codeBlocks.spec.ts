import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileSnippets } from "./support/compileSnippets.js";
import { exampleSnippets, markdownSnippets } from "./support/docSnippets.js";
import { markdownFiles } from "./support/markdownFiles.js";

// The docs audit (issue 15): TypeScript in the docs compiles against the built package, so a
// renamed method or option cannot leave a stale example behind. Fragments (a few lines that assume
// a `client` or a `Project`) carry <!-- fragment --> on the line before their fence.
/** Every name fraiseql-wire/client exports: values (checked at run time) and types (from its index). */
async function sdkExports(): Promise<{ values: string[]; types: string[] }> {
  const values = Object.keys(await import("../../dist/src/client/index.js"));
  const index = readFileSync("src/client/index.ts", "utf8");
  const names = [...index.matchAll(/export (?:type )?\{([^}]*)\}/g)].flatMap((m) => m[1]!.split(",").map((n) => n.replace(/^\s*type\s+/, "").trim()).filter((n) => n !== ""));
  const classes = ["WireClient", "Query", "WireClientError", "Filter"];
  return { values, types: names.filter((n) => !values.includes(n) || classes.includes(n) || n === "StatusCode") };
}

describe("TypeScript in the docs", () => {
  it("every ```ts block of the Markdown files and every @example of the SDK compiles against the built package", async () => {
    const snippets = [...markdownSnippets(markdownFiles()), ...exampleSnippets("src/client")];
    expect(snippets.length).toBeGreaterThan(15);
    expect(compileSnippets(snippets, await sdkExports())).toEqual([]);
  }, 60_000);
});
