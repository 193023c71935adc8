import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkLinks } from "./support/checkLinks.js";
import { markdownFiles } from "./support/markdownFiles.js";
import { parseMarkdown } from "./support/parseMarkdown.js";

// The docs audit (issue 15): links. External links are listed, never fetched (no network in CI).
const REPORT = "dist/docs/external-links.md";

describe("links in the Markdown files", () => {
  const report = checkLinks(markdownFiles());

  it("resolve: every relative link names a file or folder that exists, and every #anchor a heading of it", () => {
    expect(report.broken).toEqual([]);
  });

  it(`are listed in one report when external (${REPORT}), none fetched`, () => {
    const byUrl = new Map<string, string[]>();
    for (const { url, where } of report.external) byUrl.set(url, [...(byUrl.get(url) ?? []), where]);
    const lines = [...byUrl.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([url, where]) => `- <${url}>: ${where.join(", ")}`);
    mkdirSync("dist/docs", { recursive: true });
    writeFileSync(REPORT, `# External links in the docs\n\nNot fetched (CI has no network): ${byUrl.size} distinct URLs, ${report.external.length} links.\n\n${lines.join("\n")}\n`);
    // Links are https (or mailto), never to a local or private address.
    for (const url of byUrl.keys()) expect(url, `${url} (${byUrl.get(url)!.join(", ")})`).toMatch(/^(https:\/\/(?!localhost|127\.|0\.0\.0\.0)[^/\s]+\.[^/\s]+|mailto:)/);
  });

  it("include one from README.md to every guide: each Markdown file of docs/, the top level, examples/ and test/fixtures/", () => {
    const linked = new Set(parseMarkdown(readFileSync("README.md", "utf8")).links.map((l) => l.target.replace(/#.*$/, "")));
    const guides = markdownFiles().filter((f) => f !== "README.md" && (/^[^/]+\.md$/.test(f) || /^(docs|examples|test\/fixtures)\/[^/]+\.md$/.test(f)));
    expect(guides.length).toBeGreaterThan(15);
    expect(guides.filter((g) => !linked.has(g))).toEqual([]);
  });
});
