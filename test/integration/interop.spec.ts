import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findTool, TOOLS_DIR, toolsRequired, whyMissing } from "../support/findTool.js";
import { startTestServer, type TestServer } from "../support/testServer.js";

// The polyglot check: the Python and Go examples call the real server and decode the rich error
// details with their own gRPC libraries (which reject details whose code or message differ).
const run = promisify(execFile);
const python = findTool("__none__", join(TOOLS_DIR, "venv", "bin", "python"));
const go = findTool("go");
const clients = [
  { name: "Python", missing: whyMissing({ ".tools/venv (grpcio)": python }), command: () => [python!, [join("examples", "clients", "python", "wire_errors.py")], {}] as const },
  { name: "Go", missing: whyMissing({ go }), command: () => [go!, ["run", "."], { cwd: join("examples", "clients", "go") }] as const },
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

describe.each(clients)("the $name client", ({ name, missing, command }) => {
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
});
