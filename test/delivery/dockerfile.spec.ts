import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { findTool, TOOLS_DIR, toolsRequired, whyMissing } from "../support/findTool.js";
import { pairsOf, readDockerfile, runtimeStage } from "./support/readDockerfile.js";

// The image cannot be built here (no Docker engine): its runtime contents are checked by
// packageInstall.spec.ts; this file checks the Dockerfile itself, with hadolint and by reading it.
const run = promisify(execFile);
const hadolint = findTool("hadolint", join(TOOLS_DIR, "bin", "hadolint"));
const missing = whyMissing({ hadolint });
const skipLint = missing !== "" && !toolsRequired;
if (skipLint) console.warn(`hadolint: SKIPPED: ${missing}`);

const instructions = readDockerfile();
const runtime = runtimeStage(instructions);
const args = (keyword: string): string[] => runtime.filter((i) => i.keyword === keyword).map((i) => i.args);

/** Whether a path of the build context survives .dockerignore (last matching pattern wins). */
function inContext(path: string): boolean {
  const patterns = readFileSync(".dockerignore", "utf8").split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
  const toRegExp = (glob: string): RegExp =>
    new RegExp(`^${glob.replace(/\/$/, "").replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*\*\/?/g, "\u0000").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]").replace(/\u0000/g, ".*")}$`);
  const prefixes = path.split("/").map((_, i, parts) => parts.slice(0, i + 1).join("/"));
  let included = true;
  for (const pattern of patterns) {
    const negated = pattern.startsWith("!");
    const re = toRegExp(negated ? pattern.slice(1) : pattern);
    if (prefixes.some((p) => re.test(p))) included = negated;
  }
  return included;
}

describe(`Dockerfile ${skipLint ? `(hadolint SKIPPED: ${missing})` : ""}`, () => {
  it.skipIf(skipLint)("is hadolint-clean at every severity", async () => {
    if (missing !== "") throw new Error(`hadolint must run here (CI): ${missing}`);
    const result = await run(hadolint!, ["--no-color", "--failure-threshold", "style", "Dockerfile"]).catch((e: { stdout: string; code: number }) => e);
    expect("code" in result ? result.stdout : "").toBe("");
  });

  it("builds on node:20-bookworm-slim and runs on distroless Node 20, both pinned by tag and digest", () => {
    const from = instructions.filter((i) => i.keyword === "FROM").map((i) => i.args);
    const globals = Object.fromEntries(instructions.filter((i) => i.stage === -1 && i.keyword === "ARG").map((i) => i.args.split("=") as [string, string]));
    expect(globals["BUILD_IMAGE"]).toMatch(/^node:20-bookworm-slim@sha256:[0-9a-f]{64}$/);
    expect(globals["RUNTIME_IMAGE"]).toMatch(/^gcr\.io\/distroless\/nodejs20-debian12:nonroot@sha256:[0-9a-f]{64}$/);
    expect(from[0]).toBe("${BUILD_IMAGE} AS build");
    expect(from.at(-1)).toBe("${RUNTIME_IMAGE}");
  });

  it("runtime: a numeric non-root user, port 50051 on all interfaces, production mode", () => {
    const [user] = args("USER");
    expect(user).toMatch(/^\d+:\d+$/);
    expect(user!.split(":").map(Number).every((id) => id > 0)).toBe(true);
    expect(args("EXPOSE")).toEqual(["50051"]);
    expect(pairsOf(runtime, "ENV")).toMatchObject({ NODE_ENV: "production", FRAISEQL_WIRE_LISTEN: "0.0.0.0:50051" });
    expect(args("ENTRYPOINT")).toEqual(['["/nodejs/bin/node", "/app/dist/src/main.js"]']);
  });

  it("runtime: only the installed package, no build step, no compiler, no npm cache", () => {
    expect(runtime.filter((i) => i.keyword === "RUN")).toEqual([]);
    expect(args("COPY")).toEqual(["--from=install /app /app"]);
    const install = instructions.filter((i) => i.stage === 1).map((i) => `${i.keyword} ${i.args}`).join("\n");
    expect(install).toContain("RUN install-package /tmp/fraiseql-wire.tgz /tmp/package-lock.json /app");
    expect(install).toContain("rm -rf /root/.npm /tmp/*");
    expect(readFileSync("scripts/install-package.sh", "utf8")).toContain("npm ci --omit=dev --ignore-scripts");
  });

  it("has a HEALTHCHECK that needs no extra binary: the image's node runs `fraiseql-wire health`", () => {
    const [check] = args("HEALTHCHECK");
    const argv = JSON.parse(check!.slice(check!.indexOf("CMD ") + 4)) as string[];
    expect(argv).toEqual(["/nodejs/bin/node", "/app/dist/src/cli/main.js", "health", "--address", "127.0.0.1:50051"]);
    expect(check).toMatch(/--interval=\d+s --timeout=\d+s --start-period=\d+s --retries=\d+/);
  });

  it("carries the OCI labels: source, version, licenses", () => {
    const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { version: string; license: string };
    expect(pairsOf(runtime, "LABEL")).toMatchObject({
      "org.opencontainers.image.source": "https://github.com/fraiseql/fraiseql-wire",
      "org.opencontainers.image.version": pkg.version,
      "org.opencontainers.image.licenses": pkg.license,
    });
  });

  it(".dockerignore lets in every file the Dockerfile copies, and keeps out local state and secrets", () => {
    const sources = instructions
      .filter((i) => i.keyword === "COPY" && !i.args.startsWith("--from"))
      .flatMap((i) => i.args.split(" ").slice(0, -1));
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources) expect(inContext(source), source).toBe(true);
    for (const path of ["node_modules/pg/package.json", ".git/config", ".tools/bin/ghz", "dist/src/main.js", ".data/pg/PG_VERSION", "coverage/index.html", ".env", ".tmp/x", "perf/results/latest.json", "examples/clients/go/main.go"]) {
      expect(inContext(path), path).toBe(false);
    }
  });
});
