import { execFile, spawn } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { compareRows, readDirect } from "../support/compareRows.js";
import { findTool, TOOLS_DIR, toolsRequired, whyMissing } from "../support/findTool.js";
import { Replica, replicaEnv } from "../support/serverReplicas.js";
import { startTestServer, type TestServer } from "../support/testServer.js";

// The polyglot check: the Python and Go examples call the real server and decode the rich error
// details with their own gRPC libraries (which reject details whose code or message differ).
const run = promisify(execFile);
const python = findTool("__none__", join(TOOLS_DIR, "venv", "bin", "python"));
const go = findTool("go");
const clients = [
  {
    name: "Python",
    missing: whyMissing({ ".tools/venv (grpcio)": python }),
    command: () => [python!, [join("examples", "clients", "python", "wire_errors.py")], {}] as const,
    resume: () => [python!, [join("examples", "clients", "python", "resume_stream.py")], {}] as const,
  },
  {
    name: "Go",
    missing: whyMissing({ go }),
    command: () => [go!, ["run", "."], { cwd: join("examples", "clients", "go") }] as const,
    resume: () => [go!, ["run", "."], { cwd: join("examples", "clients", "go") }] as const,
  },
];

let t: TestServer;
beforeAll(async () => {
  if (clients.every((c) => c.missing !== "" && !toolsRequired)) return;
  t = await startTestServer({ FRAISEQL_WIRE_POOL_SIZE: "1", FRAISEQL_WIRE_POOL_WAIT_MS: "200" });
});
afterAll(async () => {
  await t?.close();
});

/** The lines of one block of the client's output ("--- non-retriable: ..." up to the next "---"). */
function block(output: string, title: string): string[] {
  const blocks = output.split(/^--- /m).filter((b) => b.startsWith(title));
  expect(blocks, `a "--- ${title}" block in:\n${output}`).toHaveLength(1);
  return blocks[0]!.split("\n");
}

/**
 * Runs a resume example (`--pause-at-row`); once it says it paused, runs `fault` and lets it go on.
 * Resolves with its whole output.
 */
function runPausing(file: string, args: readonly string[], options: { cwd?: string }, fault: () => Promise<void>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...options, env: { ...process.env, GOFLAGS: "-buildvcs=false" }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let faulted = false;
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (faulted || !/^paused at row \d+$/m.test(stdout)) return;
      faulted = true;
      fault().then(() => child.stdin.write("\n"), reject);
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${file} exited with ${code}:\n${stdout}\n${stderr}`))));
  });
}

describe.each(clients)("the $name client", ({ name, missing, command, resume }) => {
  if (missing !== "" && !toolsRequired) console.warn(`interop: SKIPPED the ${name} client: ${missing}`);
  const title = missing !== "" && !toolsRequired ? `(SKIPPED: ${missing})` : "";
  it.skipIf(missing !== "" && !toolsRequired)(`prints the decoded ErrorInfo and RetryInfo of a retriable and a non-retriable error ${title}`, async () => {
    if (missing !== "") throw new Error(`the ${name} client must run here (CI): ${missing}`);
    const [file, args, options] = command();
    const { stdout } = await run(file, [...args, "--addr", t.address], { ...options, timeout: 280_000, env: { ...process.env, GOFLAGS: "-buildvcs=false" } });
    if (process.env["INTEROP_VERBOSE"]) console.log(stdout);
    const missingEntity = block(stdout, "non-retriable");
    expect(missingEntity).toEqual(expect.arrayContaining([
      expect.stringMatching(/^status: \w+ \(5\)$/),
      expect.stringContaining('message: entity "projets" not found'),
      "error_info.reason: ENTITY_NOT_FOUND",
      "error_info.domain: wire.fraiseql.dev",
      "error_info.metadata.category: schema",
      "error_info.metadata.retriable: false",
      "error_info.metadata.suggestion: projects",
      "retry_info: none",
      "help: https://github.com/fraiseql/fraiseql-wire/blob/main/TROUBLESHOOTING.md#entity_not_found",
    ]));
    const busy = block(stdout, "retriable");
    expect(busy).toEqual(expect.arrayContaining([
      expect.stringMatching(/^status: \w+ \(8\)$/),
      "error_info.reason: TOO_MANY_STREAMS",
      "error_info.metadata.category: resource",
      "error_info.metadata.retriable: true",
      "error_info.metadata.poolSize: 1",
      expect.stringMatching(/^retry_info\.retry_delay: 1(\.0)?s$/),
      expect.stringMatching(/^quota_failure: database connections: /),
    ]));
  }, 300_000);

  it.skipIf(missing !== "" && !toolsRequired)(`resumes a stream with its resume tokens after the server is SIGKILLed and started again mid-stream: every row once ${title}`, async () => {
    if (missing !== "") throw new Error(`the ${name} client must run here (CI): ${missing}`);
    const replica = await Replica.start(replicaEnv(inject("databaseUrl"), { FRAISEQL_WIRE_FETCH_BYTES: "16384", FRAISEQL_WIRE_MAX_FETCH_ROWS: "500" }));
    try {
      const [file, args, options] = resume();
      const flags = name === "Go" ? ["-addr", replica.address, "-resume-entity", "numbers", "-order-by", "n", "-chunk-rows", "100", "-pause-at-row", "3000"] : ["--addr", replica.address, "--entity", "numbers", "--order-by", "n", "--chunk-rows", "100", "--pause-at-row", "3000"];
      const stdout = await runPausing(file, [...args, ...flags], options, async () => {
        await replica.kill();
        await replica.restart();
      });
      if (process.env["INTEROP_VERBOSE"]) console.log(stdout);
      const expected = compareRows([], await readDirect(inject("databaseUrl"), "select data::text as data from wire_test.numbers order by data -> 'n' nulls last, id"));
      expect(stdout).toContain(`rows: ${expected.expected}\n`);
      expect(Number(/^resumes: (\d+)$/m.exec(stdout)?.[1]), stdout).toBeGreaterThanOrEqual(1);
      expect(stdout).toContain(`sha256: ${expected.expectedChecksum}\n`);
    } finally {
      await replica.stop();
    }
  }, 300_000);
});
