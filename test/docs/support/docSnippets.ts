import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FRAGMENT_MARKER, type Snippet } from "./compileSnippets.js";
import { parseMarkdown } from "./parseMarkdown.js";

/**
 * The ```ts blocks of the given Markdown files. A block whose fence follows `<!-- fragment -->`
 * is a fragment; any other HTML comment there that starts with "fragment" is a typo, and throws.
 */
export function markdownSnippets(files: readonly string[]): Snippet[] {
  return files.flatMap((file) =>
    parseMarkdown(readFileSync(file, "utf8"))
      .blocks.filter((b) => b.lang === "ts" || b.lang === "typescript")
      .map((b) => {
        if (b.marker !== undefined && b.marker !== FRAGMENT_MARKER && b.marker.startsWith(FRAGMENT_MARKER)) {
          throw new Error(`${file}:${b.line}: unknown marker <!-- ${b.marker} -->; a fragment is marked <!-- ${FRAGMENT_MARKER} -->`);
        }
        return { file, line: b.line, code: b.code, fragment: b.marker === FRAGMENT_MARKER };
      }),
  );
}

/** The ```ts blocks of the TypeDoc `@example`s under dir (the SDK's): complete programs, every one. */
export function exampleSnippets(dir: string): Snippet[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .sort()
    .flatMap((f) => {
      const file = join(dir, f);
      const lines = readFileSync(file, "utf8").split("\n");
      const snippets: Snippet[] = [];
      for (let i = 0; i < lines.length; i++) {
        if (!/^\s*\*\s*@example\s*$/.test(lines[i]!) || !/^\s*\*\s*```ts\s*$/.test(lines[i + 1] ?? "")) continue;
        const start = i + 1;
        let end = start + 1;
        while (end < lines.length && !/^\s*\*\s*```\s*$/.test(lines[end]!)) end++;
        const code = lines.slice(start + 1, end).map((l) => l.replace(/^\s*\* ?/, "")).join("\n");
        snippets.push({ file, line: start + 1, code, fragment: false });
        i = end;
      }
      return snippets;
    });
}
