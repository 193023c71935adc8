import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { catalog, factsOf, reasons, type Reason } from "../../src/errors/catalog.js";
import { Code } from "../../src/errors/Code.js";
import { toWireError } from "../../src/errors/toWireError.js";
import { authFailure } from "../../src/auth/authFailure.js";

// TROUBLESHOOTING.md and the catalog must not drift apart: the Help detail of every error links to
// the section named after its reason.
const guide = readFileSync("TROUBLESHOOTING.md", "utf8");
const headings = [...guide.matchAll(/^#{2,4} (.+)$/gm)].map((m) => m[1]!.trim());
/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string): string => heading.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
const section = (reason: string): string => guide.split(/^### /m).find((s) => s.startsWith(`${reason}\n`)) ?? "";
const codeName = (code: number): string => Object.entries(Code).find(([, n]) => n === code)![0];

describe("TROUBLESHOOTING.md", () => {
  it.each(reasons)("has a section for %s at the anchor its Help link uses", (reason) => {
    expect(headings).toContain(reason);
    expect(slug(reason)).toBe(catalog[reason].help);
  });

  it("names only real reasons in its headings", () => {
    const named = headings.filter((h) => /^[A-Z][A-Z0-9_]+$/.test(h));
    expect(named.filter((h) => !(h in catalog))).toEqual([]);
  });

  it.each(reasons)("states the code, category and retriability of %s as the catalog does", (reason: Reason) => {
    const { code, category, retriable, retryDelayMs } = factsOf(reason);
    const retry = retriable ? `retriable (${retryDelayMs! >= 1000 ? `${retryDelayMs! / 1000} s` : `${retryDelayMs} ms`})` : "not retriable";
    expect(section(reason)).toContain(`\`${codeName(code)}\` · category \`${category}\` · ${retry}`);
  });

  it.each(reasons)("shows what a caller sees for %s, its cause and its fix", (reason) => {
    const text = section(reason);
    expect(text).toMatch(/```/);
    expect(text).toMatch(/^Cause: /m);
    expect(text).toMatch(/^Fix/m);
  });

  it("quotes the fixed messages exactly as the server words them", () => {
    const pg = (code: string) => Object.assign(new Error("x"), { name: "PostgresError", code });
    const node = (code: string) => Object.assign(new Error("x"), { code });
    for (const error of [pg("28P01"), pg("3D000"), pg("53300"), pg("57P01"), pg("57P03"), node("ECONNREFUSED"), node("ENOTFOUND"), node("CONNECT_TIMEOUT"), node("CONNECTION_CLOSED"), node("SELF_SIGNED_CERT_IN_CHAIN"), node("ESOMETHING")]) {
      expect(guide).toContain(`Message: ${toWireError(error).message}`);
    }
    expect(guide).toContain(`Message: ${authFailure.required().message}`);
  });

  it("covers at least 12 scenarios, and every link inside it or to its sibling guides resolves", () => {
    const scenarios = guide.split("## Scenarios")[1]!.split("\n## ")[0]!.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| what"));
    expect(scenarios.length).toBeGreaterThanOrEqual(12);
    const anchors = new Set(headings.map(slug));
    for (const [, anchor] of guide.matchAll(/\]\(#([^)]+)\)/g)) expect(anchors, anchor).toContain(anchor);
    for (const file of ["PERFORMANCE_TUNING.md", "SECURITY.md", "docs/filters.md"]) {
      expect(guide).toContain(`(${file})`);
      expect(existsSync(file), file).toBe(true);
    }
  });
});
