import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { compareRows, readDirect } from "../support/compareRows.js";
import { startCuttingProxy, type CuttingProxy } from "../support/cuttingProxy.js";
import { dedicatedRole } from "../support/dedicatedRole.js";
import { Replica, replicaEnv } from "../support/serverReplicas.js";

// `fraiseql-wire query` resumes a broken stream the way the SDK does (issue 10): the output has
// every row once, and each resume is reported on stderr.
const CLI = join(process.cwd(), "dist", "src", "cli", "main.js");
const url = inject("databaseUrl");
const STATEMENT = "select data::text as data from wire_test.numbers order by data -> 'n' nulls last, id";
const small = { FRAISEQL_WIRE_FETCH_BYTES: "16384", FRAISEQL_WIRE_MAX_FETCH_ROWS: "500" };
let a: Replica;
let roleA: { role: string; url: string };
let roleB: { role: string; url: string };
let b: Replica;
let expected: string[];
let dir: string;
beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`make build\` (make test does) before the CLI tests`);
  // Each replica logs in as a role of its own (and of this file's): which replica serves a stream is
  // told apart in pg_stat_activity by its user, whatever the test files beside this one run.
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  [roleA, roleB] = [await dedicatedRole(admin, url, "cli_a", ["wire_test.v_numbers"]), await dedicatedRole(admin, url, "cli_b", ["wire_test.v_numbers"])];
  await admin.end();
  [a, b] = await Promise.all([Replica.start(replicaEnv(roleA.url, small)), Replica.start(replicaEnv(roleB.url, small))]);
  expected = await readDirect(url, STATEMENT);
  dir = mkdtempSync(join(tmpdir(), "fraiseql-wire-cli-resume-"));
});
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI; `whilePaused` runs once its first output arrived, with its stdout unread (so the stream stalls). */
function cli(args: readonly string[], whilePaused?: () => Promise<void>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, FRAISEQL_WIRE_ADDRESS: a.address } });
    let stdout = "";
    let stderr = "";
    let paused = whilePaused === undefined;
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (paused) return;
      paused = true;
      child.stdout.pause();
      whilePaused!().then(() => child.stdout.resume(), reject);
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const lines = (stdout: string): string[] => stdout.split("\n").filter((line) => line !== "");

describe("fraiseql-wire query resumes", () => {
  it("--help documents the resume flags and replica lists", () => {
    const help = execFileSync(process.execPath, [CLI, "--help"], { encoding: "utf8" });
    for (const text of ["--no-resume", "--resume-attempts <n>", "--resume-max-ms <n>", "host-a:50051,host-b:50051", "dns:///", "docs/resume.md"]) expect(help).toContain(text);
  });

  it("given two replicas, finishes on the other when the serving one is SIGKILLed mid-stream: every row once, and a resume line on stderr", async () => {
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    let killed: Replica | undefined;
    try {
      const run = await cli(["query", "numbers", "--order-by", "n", "--chunk-rows", "100", "--address", `${a.address},${b.address}`], async () => {
        // Its stdout unread, the CLI stops reading the stream: the server's backend waits mid-cursor.
        const busy = await admin<{ usename: string }[]>`select usename from pg_stat_activity where usename in (${roleA.role}, ${roleB.role}) and application_name = 'fraiseql-wire' and state <> 'idle'`;
        expect(busy).toHaveLength(1);
        killed = busy[0]!.usename === roleB.role ? b : a;
        await killed.kill();
      });
      expect(run.code, run.stderr).toBe(0);
      const comparison = compareRows(lines(run.stdout), expected);
      expect(comparison).toEqual({ ...comparison, received: expected.length, duplicates: 0, missing: 0, firstMismatch: -1, receivedChecksum: comparison.expectedChecksum });
      expect(run.stderr).toMatch(/^fraiseql-wire: resuming after UNAVAILABLE at row [\d,]+ \(attempt 2, in \d+\.\d s\)\n$/);
    } finally {
      await killed?.restart();
      await admin.end({ timeout: 1 });
    }
  });

  describe("through a proxy that cuts streams short", () => {
    let proxy: CuttingProxy;
    afterAll(() => proxy?.close());

    it("resumes after the cut: every row once", async () => {
      proxy = await startCuttingProxy(a.address, [4]);
      const run = await cli(["query", "numbers", "--order-by", "n", "--address", proxy.address]);
      expect(run.code, run.stderr).toBe(0);
      expect(lines(run.stdout)).toEqual(expected);
      expect(run.stderr).toMatch(/^fraiseql-wire: resuming after STREAM_INTERRUPTED at row [\d,]+ \(attempt 2, in \d+\.\d s\)\n$/);
      proxy.close();
    });

    it("--no-resume fails at the cut with exit 75 and the --offset that continues", async () => {
      proxy = await startCuttingProxy(a.address, [2]);
      const run = await cli(["query", "numbers", "--order-by", "n", "--no-resume", "--address", proxy.address]);
      expect(run.code).toBe(75);
      const written = lines(run.stdout).length;
      expect(written).toBeGreaterThan(0);
      expect(run.stderr).toContain("STREAM_INTERRUPTED");
      expect(run.stderr).toContain(`${written} rows were written before the failure; add --offset ${written} to resume.`);
      proxy.close();
    });

    it("--resume-attempts limits the calls in a row without a row; the failure then says how often the stream was resumed", async () => {
      proxy = await startCuttingProxy(a.address, [2]);
      const once = await cli(["query", "numbers", "--order-by", "n", "--resume-attempts", "1", "--address", proxy.address]);
      expect(once.code).toBe(75);
      expect(once.stderr).not.toContain("resuming after");
      proxy.close();
      // Two messages, then every call cut before its first one: no rows, so the count runs out.
      proxy = await startCuttingProxy(a.address, [2, ...Array.from({ length: 10 }, () => 0)]);
      const cut = await cli(["query", "numbers", "--order-by", "n", "--resume-attempts", "3", "--address", proxy.address]);
      expect(cut.code).toBe(75);
      expect(cut.stderr.match(/resuming after STREAM_INTERRUPTED/g)).toHaveLength(2);
      expect(cut.stderr).toContain("failed after 3 attempts: the stream was resumed 2 times");
      expect(proxy.calls).toBe(3);
      proxy.close();
    });

    it("on a terminal, the progress line counts the resumes", async () => {
      if (!hasScript()) {
        if (process.env["CI"]) throw new Error("`script` (util-linux) is required in CI for the CLI progress tests");
        console.warn("SKIPPED: the progress-line resume test needs `script` from util-linux");
        return;
      }
      proxy = await startCuttingProxy(a.address, [3]);
      const out = join(dir, "rows.ndjson");
      const screen = onTerminal(`"${process.execPath}" "${CLI}" query numbers --order-by n --address ${proxy.address} > "${out}"`);
      expect(await screen).toMatch(/20,000 rows {2}\d+\.\d MB {2}\d+\.\d s {2}[\d,]+ rows\/s {2}resumed 1× \(STREAM_INTERRUPTED\)\r?\n/);
      expect(lines(readFileSync(out, "utf8"))).toEqual(expected);
      proxy.close();
    });
  });

  it.each([
    [["--no-resume", "--resume-attempts", "3"], /cannot be combined/],
    [["--resume-attempts", "0"], /expected at least 1/],
    [["--resume-max-ms", "soon"], /--resume-max-ms "soon": expected a whole number/],
  ])("refuses %j as a usage error (exit 2)", async (flags, message) => {
    const run = await cli(["query", "numbers", ...flags]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});

function hasScript(): boolean {
  try {
    execFileSync("script", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Runs a shell command line under a pseudo-terminal; resolves with everything the terminal showed. */
function onTerminal(commandLine: string): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn("script", ["-qefc", commandLine, "/dev/null"], { stdio: ["ignore", "pipe", "pipe"] });
    let screen = "";
    child.stdout.on("data", (d: Buffer) => (screen += d.toString()));
    child.on("close", () => resolve(screen));
  });
}
