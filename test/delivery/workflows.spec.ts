import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { findTool, TOOLS_DIR, toolsRequired, whyMissing } from "../support/findTool.js";

// The GitHub Actions workflows cannot run here: actionlint (with shellcheck on every `run:`) checks
// them as GitHub would parse them, and the tests below read them for what each must do.
const run = promisify(execFile);
const actionlint = findTool("actionlint", join(TOOLS_DIR, "bin", "actionlint"));
const shellcheck = findTool("shellcheck", join(TOOLS_DIR, "bin", "shellcheck"));
const missing = whyMissing({ actionlint, shellcheck });
const skipLint = missing !== "" && !toolsRequired;
if (skipLint) console.warn(`actionlint/shellcheck: SKIPPED: ${missing}`);

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  permissions?: Record<string, string>;
  steps: Step[];
  strategy?: { matrix: Record<string, unknown> };
  services?: Record<string, { image: string }>;
  needs?: string | string[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}
const dir = ".github/workflows";
const files = readdirSync(dir).filter((f) => f.endsWith(".yml"));
const workflow = (name: string): Workflow => parse(readFileSync(join(dir, name), "utf8")) as Workflow;
const runs = (w: Workflow): string => Object.values(w.jobs).flatMap((j) => j.steps.map((s) => s.run ?? "")).join("\n");
const uses = (w: Workflow): string[] => Object.values(w.jobs).flatMap((j) => j.steps.map((s) => s.uses ?? "")).filter((u) => u !== "");
/** Every `uses:` line of the workflows and the local composite action, as written (comments kept). */
const usesLines = [...files.map((f) => join(dir, f)), ".github/actions/setup/action.yml"].flatMap((path) =>
  readFileSync(path, "utf8").split("\n").filter((l) => /^\s*(-\s+)?uses:/.test(l)).map((l) => [path, l.trim()] as const),
);
/** The scripts of this repository a reviewer runs by hand or CI runs; all must be shellcheck-clean. */
const scripts = ["scripts/install-tools.sh", "scripts/install-package.sh", "scripts/publish.sh", "scripts/changelog-section.sh", "scripts/vendor-schemas.sh", "deploy/compose/30-wire-role.sh", ".ci/run"];

describe(`GitHub Actions workflows ${skipLint ? `(actionlint SKIPPED: ${missing})` : ""}`, () => {
  it("are ci.yml, release.yml and nightly.yml", () => {
    expect(files.sort()).toEqual(["ci.yml", "nightly.yml", "release.yml"]);
  });

  it.skipIf(skipLint)("are actionlint-clean, shellcheck included", async () => {
    if (missing !== "") throw new Error(`actionlint and shellcheck must run here (CI): ${missing}`);
    const result = await run(actionlint!, ["-no-color", "-shellcheck", shellcheck!]).catch((e: { stdout: string }) => e);
    expect(result.stdout).toBe("");
  });

  it.skipIf(skipLint)("the scripts they and the Dockerfile run are shellcheck-clean", async () => {
    if (missing !== "") throw new Error(`shellcheck must run here (CI): ${missing}`);
    for (const script of scripts) expect(existsSync(script), script).toBe(true);
    const result = await run(shellcheck!, ["--format=gcc", ...scripts]).catch((e: { stdout: string }) => e);
    expect(result.stdout).toBe("");
  });

  it("pin every action by commit SHA, with the version in a comment", () => {
    expect(usesLines.length).toBeGreaterThan(10);
    for (const [path, line] of usesLines) {
      if (/uses:\s+\.\//.test(line)) continue;
      expect(line, path).toMatch(/uses:\s+[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    }
  });

  it("grant no permission at the top and only what each job needs", () => {
    const allowedWrites: Record<string, Record<string, string>> = {
      "release.yml/npm": { "id-token": "write" },
      "release.yml/image": { packages: "write" },
      "release.yml/github-release": { contents: "write" },
    };
    for (const file of files) {
      const w = workflow(file);
      expect(w.permissions, file).toEqual({});
      for (const [name, job] of Object.entries(w.jobs)) {
        expect(job.permissions, `${file}/${name}`).toBeDefined();
        const writes = Object.fromEntries(Object.entries(job.permissions!).filter(([, level]) => level === "write"));
        expect(writes, `${file}/${name}`).toEqual(allowedWrites[`${file}/${name}`] ?? {});
      }
    }
  });

  it("ci.yml: typecheck and make test on Node 20 and 22 × PostgreSQL 15 and 17 through DATABASE_URL", () => {
    const ci = workflow("ci.yml");
    expect(Object.keys(ci.on).sort()).toEqual(["pull_request", "push"]);
    const test = ci.jobs["test"]!;
    expect(test.strategy!.matrix).toMatchObject({ node: ["20", "22"], postgres: ["15", "17"] });
    expect(test.services!["postgres"]!.image).toBe("postgres:${{ matrix.postgres }}");
    expect((test as { env?: Record<string, string> }).env?.["DATABASE_URL"]).toMatch(/^postgres:\/\/.*@localhost:5432\//);
    const steps = test.steps.map((s) => s.run ?? "").join("\n");
    expect(steps).toContain("npx tsc -p tsconfig.test.json");
    expect(steps).toContain("make test");
    // The coverage gate is part of make test.
    expect(readFileSync("Makefile", "utf8")).toMatch(/^\tnpx vitest run --coverage$/m);
  });

  it("ci.yml: audit, buf lint and breaking, generated-code drift, hadolint, kustomize, the image, make stress", () => {
    const text = runs(workflow("ci.yml"));
    for (const command of [
      "npm audit --audit-level=high",
      "npx buf lint",
      "npx buf breaking --against",
      "make generate",
      "git diff --exit-code -- generated/",
      "hadolint",
      "actionlint",
      "kubectl kustomize",
      "kubernetes-validate --strict",
      "docker run -d --name wire --network host --read-only",
      "make stress",
    ]) {
      expect(text, command).toContain(command);
    }
  });

  it("release.yml: on a v* tag, test, then npm with provenance, a multi-arch image with SBOM and provenance, a GitHub release from CHANGELOG", () => {
    const release = workflow("release.yml");
    expect(release.on).toEqual({ push: { tags: ["v*"] } });
    expect(release.jobs["npm"]!.needs).toBe("test");
    expect(release.jobs["image"]!.needs).toBe("test");
    expect(release.jobs["github-release"]!.needs).toEqual(["npm", "image"]);
    const text = runs(release);
    expect(text).toContain("make test");
    expect(text).toContain("npm publish --provenance");
    expect(text).toContain('scripts/changelog-section.sh "${TAG#v}"');
    expect(text).toContain("gh release create");
    const build = release.jobs["image"]!.steps.find((s) => s.uses?.startsWith("docker/build-push-action@"))!;
    expect(build.with).toMatchObject({ platforms: "linux/amd64,linux/arm64", push: true, sbom: true, provenance: "mode=max" });
    expect(uses(release).some((u) => u.startsWith("docker/login-action@"))).toBe(true);
  });

  it("nightly.yml: make load, make bench (kept as an artifact) and make stress, on a schedule", () => {
    const nightly = workflow("nightly.yml");
    expect(Object.keys(nightly.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    const text = runs(nightly);
    for (const target of ["make load", "make bench", "make stress"]) expect(text).toContain(target);
    const bench = nightly.jobs["bench"]!.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"));
    expect(String(bench?.with?.["path"])).toContain("BENCHMARKS.md");
  });
});
