import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/testServer.js";

const CLI = join(process.cwd(), "dist", "src", "cli", "main.js");

/** util-linux `script` gives the child a pseudo-terminal; without it the TTY case cannot run. */
function hasScript(): boolean {
  try {
    execFileSync("script", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const canTest = hasScript();
if (!canTest) {
  if (process.env["CI"]) throw new Error("`script` (util-linux) is required in CI for the CLI progress tests");
  console.warn("SKIPPED: the CLI progress-on-a-terminal tests need `script` from util-linux (apt-get install bsdutils)");
}

let t: TestServer;
let dir: string;
beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`make build\` (make test does) before the CLI tests`);
  t = await startTestServer();
  dir = mkdtempSync(join(tmpdir(), "fraiseql-wire-cli-"));
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs a shell command line under a pseudo-terminal; resolves with everything the terminal showed. */
function onTerminal(commandLine: string): Promise<{ code: number | null; screen: string }> {
  return new Promise((resolve) => {
    const child = spawn("script", ["-qefc", commandLine, "/dev/null"], {
      env: { ...process.env, FRAISEQL_WIRE_ADDRESS: t.address },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let screen = "";
    child.stdout.on("data", (d: Buffer) => (screen += d.toString()));
    child.on("close", (code) => resolve({ code, screen }));
  });
}

describe.runIf(canTest)("fraiseql-wire progress on a terminal", () => {
  it("redraws rows, MB and rows/s on stderr during a long stream and ends with a summary", async () => {
    const out = join(dir, "rows.ndjson");
    const { code, screen } = await onTerminal(`"${process.execPath}" "${CLI}" query large --limit 200000 --chunk-rows 2000 > "${out}"`);
    expect(code).toBe(0);
    expect(readFileSync(out, "utf8").split("\n")).toHaveLength(200_001);
    const redraws = screen.split("\r\x1b[K").filter((s) => /rows\/s/.test(s));
    expect(redraws.length).toBeGreaterThanOrEqual(1);
    expect(screen).toMatch(/200,000 rows {2}\d+\.\d MB {2}\d+\.\d s {2}[\d,]+ rows\/s\r?\n/);
  });

  it("keeps stdout clean: the progress goes to stderr only", async () => {
    const out = join(dir, "stdout.txt");
    const err = join(dir, "stderr.txt");
    const { code } = await onTerminal(`"${process.execPath}" "${CLI}" query numbers --limit 1000 > "${out}" 2> "${err}"`);
    expect(code).toBe(0);
    expect(readFileSync(out, "utf8")).not.toMatch(/rows\/s/);
    // With stderr redirected to a file it is no longer a terminal: nothing at all is written there.
    expect(readFileSync(err, "utf8")).toBe("");
  });
});
