import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { pairsOf, readDockerfile, runtimeStage } from "./support/readDockerfile.js";

// One version, written in several places that scripts/publish.sh keeps together.
const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
const changelog = readFileSync("CHANGELOG.md", "utf8");
const releases = [...changelog.matchAll(/^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$/gm)].map((m) => ({ version: m[1]!, date: m[2]! }));

describe("the version", () => {
  it("is the same in package.json, package-lock.json, the Docker label, the Kubernetes image tag, the API reference and `fraiseql-wire --version`", () => {
    const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as { version: string; packages: Record<string, { version: string }> };
    const label = pairsOf(runtimeStage(readDockerfile()), "LABEL")["org.opencontainers.image.version"];
    const tag = /^ {4}newTag: "([^"]+)"$/m.exec(readFileSync("k8s/base/kustomization.yaml", "utf8"))?.[1];
    const apiDoc = /^This reference describes \*\*fraiseql-wire ([^*]+)\*\*/m.exec(readFileSync("docs/api.md", "utf8"))?.[1];
    const cli = execFileSync(process.execPath, ["dist/src/cli/main.js", "--version"], { encoding: "utf8" }).trim();
    expect({ lock: lock.version, lockRoot: lock.packages[""]!.version, label, tag, apiDoc, cli }).toEqual({
      lock: pkg.version,
      lockRoot: pkg.version,
      label: pkg.version,
      tag: pkg.version,
      apiDoc: pkg.version,
      cli: `fraiseql-wire ${pkg.version}`,
    });
  });

  it("is CHANGELOG's latest release (or, before the first release, the one it will be)", () => {
    // Keep a Changelog: Unreleased first, then releases newest first, each with its link.
    expect(changelog).toMatch(/^# Changelog\n/);
    expect(changelog.indexOf("## [Unreleased]")).toBeGreaterThan(0);
    expect(changelog.indexOf("## [Unreleased]")).toBeLessThan(changelog.search(/^## \[\d/m) === -1 ? Infinity : changelog.search(/^## \[\d/m));
    if (releases.length === 0) {
      // Nothing released yet: the first `scripts/publish.sh X.Y.Z` must not go below package.json's.
      expect(changelog).toMatch(/^\[Unreleased\]: https:\/\/github\.com\/fraiseql\/fraiseql-wire\//m);
      return;
    }
    expect(releases[0]!.version).toBe(pkg.version);
    const order = releases.map((r) => r.version.split(".").map(Number) as [number, number, number]);
    const compare = (a: [number, number, number], b: [number, number, number]): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
    for (let i = 1; i < order.length; i++) expect(compare(order[i - 1]!, order[i]!), `${releases[i - 1]!.version} before ${releases[i]!.version}`).toBeGreaterThan(0);
    for (const r of releases) expect(changelog, `link for ${r.version}`).toMatch(new RegExp(`^\\[${r.version.replace(/\./g, "\\.")}\\]: https://`, "m"));
  });
});
