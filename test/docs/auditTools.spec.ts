import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { githubSlug, githubSlugs } from "../../scripts/docs/githubSlug.js";
import { checkLinks } from "./support/checkLinks.js";
import { compileSnippets } from "./support/compileSnippets.js";
import { shellWords } from "./support/docCommands.js";
import { parseMarkdown } from "./support/parseMarkdown.js";

// The docs audit's own tools, on inputs made to fail: a check that cannot fail proves nothing.
mkdirSync(".tmp", { recursive: true });
const dir = mkdtempSync(join(process.cwd(), ".tmp", "docs-audit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (path: string, text: string): string => {
  mkdirSync(join(dir, path, ".."), { recursive: true });
  writeFileSync(join(dir, path), text);
  return path;
};

describe("GitHub anchors", () => {
  it.each([
    ["`make test`", "make-test"],
    ["health says NOT_SERVING while PostgreSQL answers", "health-says-not_serving-while-postgresql-answers"],
    ["Balancing long-lived HTTP/2", "balancing-long-lived-http2"],
    ["What's new? (2.0)", "whats-new-20"],
    ["A — B", "a--b"],
    ["[Links](https://example.com) count as their text", "links-count-as-their-text"],
    ["Zürich, 漢字", "zürich-漢字"],
  ])("%s → #%s", (heading, slug) => {
    expect(githubSlug(heading)).toBe(slug);
  });

  it("numbers repeated headings as GitHub does", () => {
    expect(githubSlugs(["Same", "Same", "Same-1", "Same"])).toEqual(["same", "same-1", "same-1-1", "same-2"]);
  });
});

describe("the link check", () => {
  write("docs/guide.md", "# Guide\n\n## Part\n\n## Part\n");
  write("src/file.ts", "export {};\n");
  const page = write(
    "README.md",
    [
      "# Title",
      "[ok](docs/guide.md#part-1) [ok](#title) [ok](src/file.ts#L1) [ok](docs/) [web](https://example.org/x).",
      "[missing](docs/nope.md) [bad anchor](docs/guide.md#part-2) [folder anchor](docs/#x) [ts anchor](src/file.ts#top)",
      "```sh",
      "[in code](nowhere.md)",
      "```",
      "`[in a span](nowhere.md)` <!-- [in a comment](nowhere.md) -->",
    ].join("\n"),
  );

  it("finds every broken relative link and anchor, and nothing in code or comments", () => {
    const report = checkLinks([page], dir);
    expect(report.broken.map((b) => b.replace(/: .*/, "")).length).toBe(4);
    expect(report.broken.join("\n")).toMatch(/docs\/nope\.md does not exist/);
    expect(report.broken.join("\n")).toMatch(/no heading with the anchor #part-2/);
    expect(report.broken.join("\n")).toMatch(/a folder has no anchors/);
    expect(report.broken.join("\n")).toMatch(/only Markdown files have heading anchors/);
    expect(report.external).toEqual([{ url: "https://example.org/x", where: "README.md:2" }]);
  });
});

describe("the snippet compiler", () => {
  it("fails a snippet that uses the SDK wrongly, naming the line in the docs", () => {
    const errors = compileSnippets(
      [
        { file: "README.md", line: 10, fragment: false, code: 'import { WireClient } from "fraiseql-wire/client";\nnew WireClient("x").query("p").wher("a = 1");' },
        { file: "README.md", line: 20, fragment: false, code: 'client.close();' },
        { file: "docs/sdk.md", line: 30, fragment: true, code: 'client.query<Project>("projects").limit(5);' },
      ],
      { values: ["WireClient"], types: ["WireClient"] },
    );
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^README\.md:12:\d+: error TS2551: Property 'wher' does not exist/);
    expect(errors[1]).toMatch(/^README\.md:21:1: error TS2304: Cannot find name 'client'/);
  }, 60_000);
});

describe("the Markdown reader", () => {
  it("takes the fragment marker from the line before a fence, and keeps spans for the command checks", () => {
    const doc = parseMarkdown("Run `make test`.\n\n<!-- fragment -->\n```ts\nclient.close();\n```\n\n```sh\nmake run\n```\n");
    expect(doc.blocks.map((b) => [b.lang, b.marker, b.line])).toEqual([["ts", "fragment", 4], ["sh", undefined, 8]]);
    expect(doc.spans).toEqual([{ code: "make test", line: 1 }]);
  });

  it("splits command lines into words as a shell would", () => {
    expect(shellWords(`FRAISEQL_WIRE_TOKEN=$T npx fraiseql-wire query p --filter 'a = "b"' --order-by "x desc" | head`)).toEqual([
      "FRAISEQL_WIRE_TOKEN=$T", "npx", "fraiseql-wire", "query", "p", "--filter", 'a = "b"', "--order-by", "x desc",
    ]);
  });
});
