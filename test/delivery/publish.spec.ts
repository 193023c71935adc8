import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

// scripts/publish.sh, run for real in a temporary clone (with this working tree's release files
// copied in): a dry run changes nothing, a release bumps, moves the changelog, tests, commits and
// tags, and running it again is a no-op. The clone's tests are replaced by a marker command
// (PUBLISH_TEST_COMMAND): `make test` inside `make test` would take minutes and prove nothing more.
const execute = promisify(execFile);
const root = process.cwd();
const released = ["scripts/publish.sh", "scripts/changelog-section.sh", "CHANGELOG.md", "package.json", "package-lock.json", "Dockerfile", "k8s/base/kustomization.yaml", "docs/api.md"];
const DATE = "2031-04-05";
let clone: string;
let marker: string;

const env = (): NodeJS.ProcessEnv => ({
  ...process.env,
  GIT_AUTHOR_NAME: "Release Test",
  GIT_AUTHOR_EMAIL: "release@example.invalid",
  GIT_COMMITTER_NAME: "Release Test",
  GIT_COMMITTER_EMAIL: "release@example.invalid",
  PUBLISH_DATE: DATE,
  PUBLISH_TEST_COMMAND: `echo tested >> ${marker}`,
});
const git = async (...args: string[]): Promise<string> => (await execute("git", args, { cwd: clone, env: env() })).stdout.trim();
async function publish(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await execute(join(clone, "scripts", "publish.sh"), args, { cwd: clone, env: env() });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}
/** Everything a release may change, to compare before and after. */
async function state(): Promise<{ head: string; tags: string; status: string; files: string[] }> {
  return {
    head: await git("rev-parse", "HEAD"),
    tags: await git("tag", "--list"),
    status: await git("status", "--porcelain"),
    files: released.map((f) => readFileSync(join(clone, f), "utf8")),
  };
}
const testsRun = (): number => {
  try {
    return readFileSync(marker, "utf8").split("\n").filter((l) => l === "tested").length;
  } catch {
    return 0;
  }
};
const version = (): string => (JSON.parse(readFileSync(join(clone, "package.json"), "utf8")) as { version: string }).version;

beforeEach(async () => {
  const work = await mkdtemp(join(tmpdir(), "fraiseql-wire-publish-"));
  clone = join(work, "repo");
  marker = join(work, "tests-run");
  await execute("git", ["clone", "--quiet", root, clone]);
  await git("checkout", "--quiet", "-B", "main");
  for (const file of released) {
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    copyFileSync(join(root, file), join(clone, file));
  }
  await git("add", "--all");
  await git("commit", "--quiet", "--allow-empty", "-m", "this working tree's release files");
});
afterEach(async () => {
  await rm(dirname(clone), { recursive: true, force: true });
});

describe("scripts/publish.sh", () => {
  it("--dry-run shows every step and changes nothing", async () => {
    const before = await state();
    const run = await publish("--dry-run", "1.2.3");
    expect(run.code).toBe(0);
    for (const text of ["step 1/5", "step 2/5", "step 3/5", "step 4/5", "step 5/5", "would run npm version 1.2.3", `## [1.2.3] - ${DATE}`, "would git commit", "would git tag -a v1.2.3", "nothing was changed"]) {
      expect(run.out).toContain(text);
    }
    expect(await state()).toEqual(before);
    expect(testsRun()).toBe(0);
  });

  it("releases: bumps every version, moves Unreleased under the version, tests, commits and tags; a second run is a no-op", async () => {
    const unreleased = (await execute(join(clone, "scripts", "changelog-section.sh"), ["Unreleased"], { cwd: clone })).stdout;
    const first = await publish("1.2.3");
    expect(first.code, first.out).toBe(0);
    expect(testsRun()).toBe(1);
    expect(await git("log", "-1", "--format=%s")).toBe("Release v1.2.3");
    expect(await git("rev-list", "-n", "1", "v1.2.3")).toBe(await git("rev-parse", "HEAD"));
    expect(await git("status", "--porcelain")).toBe("");
    expect(await git("diff", "--name-only", "HEAD~1")).toBe(["CHANGELOG.md", "Dockerfile", "docs/api.md", "k8s/base/kustomization.yaml", "package-lock.json", "package.json"].join("\n"));
    expect(version()).toBe("1.2.3");
    const lock = JSON.parse(readFileSync(join(clone, "package-lock.json"), "utf8")) as { version: string; packages: Record<string, { version: string }> };
    expect([lock.version, lock.packages[""]!.version]).toEqual(["1.2.3", "1.2.3"]);
    expect(readFileSync(join(clone, "Dockerfile"), "utf8")).toContain('org.opencontainers.image.version="1.2.3"');
    expect(readFileSync(join(clone, "k8s/base/kustomization.yaml"), "utf8")).toContain('newTag: "1.2.3"');
    expect(readFileSync(join(clone, "docs/api.md"), "utf8")).toContain("This reference describes **fraiseql-wire 1.2.3**:");
    const changelog = readFileSync(join(clone, "CHANGELOG.md"), "utf8");
    expect(changelog).toContain(`## [Unreleased]\n\n## [1.2.3] - ${DATE}\n`);
    expect(changelog).toContain("[Unreleased]: https://github.com/fraiseql/fraiseql-wire/compare/v1.2.3...HEAD\n[1.2.3]: https://github.com/fraiseql/fraiseql-wire/releases/tag/v1.2.3");
    // The release notes of release.yml are exactly what Unreleased said.
    expect((await execute(join(clone, "scripts", "changelog-section.sh"), ["1.2.3"], { cwd: clone })).stdout).toBe(unreleased);

    const before = await state();
    const second = await publish("1.2.3");
    expect(second.code).toBe(0);
    expect(second.out).toContain("v1.2.3 is already released at HEAD");
    expect(await state()).toEqual(before);
    expect(testsRun()).toBe(1);

    // Nothing new under Unreleased: the next version has nothing to release.
    const empty = await publish("1.2.4");
    expect(empty.code).toBe(1);
    expect(empty.out).toContain("Unreleased section is empty");
    // A next release links to the previous one.
    writeFileSync(join(clone, "CHANGELOG.md"), changelog.replace("## [Unreleased]\n", "## [Unreleased]\n\n### Fixed\n\n- A fix.\n"));
    await git("commit", "--quiet", "-am", "a fix");
    expect((await publish("1.3.0")).code).toBe(0);
    expect(readFileSync(join(clone, "CHANGELOG.md"), "utf8")).toContain("[1.3.0]: https://github.com/fraiseql/fraiseql-wire/compare/v1.2.3...v1.3.0");
  });

  it("refuses a dirty tree, a branch other than main, a version below the current one, a tag that exists elsewhere", async () => {
    writeFileSync(join(clone, "README.md"), "changed\n");
    expect(await publish("1.2.3")).toMatchObject({ code: 1, out: expect.stringContaining("not clean") });
    await git("checkout", "--quiet", "--", "README.md");

    await git("checkout", "--quiet", "-b", "feature");
    expect(await publish("1.2.3")).toMatchObject({ code: 1, out: expect.stringContaining("from main, not feature") });
    await git("checkout", "--quiet", "main");

    expect(await publish("0.0.1")).toMatchObject({ code: 1, out: expect.stringContaining(`below the current version ${version()}`) });
    expect(await publish("1.2")).toMatchObject({ code: 2, out: expect.stringContaining("usage") });

    await git("tag", "v1.2.3", "HEAD~1");
    expect(await publish("1.2.3")).toMatchObject({ code: 1, out: expect.stringContaining("v1.2.3 already exists") });
    expect(testsRun()).toBe(0);
  });

  it("a failed test run leaves the tree as it was, with no commit and no tag", async () => {
    const before = await state();
    const failing = { ...env(), PUBLISH_TEST_COMMAND: "exit 3" };
    const run = await execute(join(clone, "scripts", "publish.sh"), ["1.2.3"], { cwd: clone, env: failing }).then(
      () => ({ code: 0, out: "" }),
      (e: { code: number; stderr: string }) => ({ code: e.code, out: e.stderr }),
    );
    expect(run.code).not.toBe(0);
    expect(run.out).toContain("the files were restored");
    expect(await state()).toEqual(before);
  });
});
