import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findTool, TOOLS_DIR, toolsRequired, whyMissing } from "../support/findTool.js";
import { startTestServer, type TestServer } from "../support/testServer.js";

// grpcurl, the debugging client users reach for: it needs no proto files (server reflection) and
// prints the rich details of a failed call, reason included.
const run = promisify(execFile);
const grpcurl = findTool("grpcurl", join(TOOLS_DIR, "bin", "grpcurl"));
const missing = whyMissing({ grpcurl });
const skip = missing !== "" && !toolsRequired;
if (skip) console.warn(`grpcurl: SKIPPED: ${missing}`);

let t: TestServer;
beforeAll(async () => {
  if (!skip) t = await startTestServer();
});
afterAll(async () => {
  await t?.close();
});

async function grpcurlOutput(...args: string[]): Promise<{ code: number; out: string }> {
  if (missing !== "") throw new Error(`grpcurl must run here (CI): ${missing}`);
  try {
    const { stdout, stderr } = await run(grpcurl!, ["-plaintext", ...args], { timeout: 30_000 });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe(`grpcurl ${skip ? `(SKIPPED: ${missing})` : ""}`, () => {
  it.skipIf(skip)("lists the services by reflection", async () => {
    const { code, out } = await grpcurlOutput(t.address, "list");
    expect(code).toBe(0);
    expect(out.split("\n")).toEqual(expect.arrayContaining(["fraiseql.wire.v1.QueryService", "grpc.health.v1.Health"]));
  });

  it.skipIf(skip)("prints a failed call's code, message and decoded details, reason included", async () => {
    const { code, out } = await grpcurlOutput("-d", '{"entity": "projets"}', t.address, "fraiseql.wire.v1.QueryService/StreamQuery");
    expect(code).not.toBe(0);
    expect(out).toContain("Code: NotFound");
    expect(out).toContain('Message: entity "projets" not found');
    expect(out).toContain('"@type": "type.googleapis.com/google.rpc.ErrorInfo"');
    expect(out).toContain('"reason": "ENTITY_NOT_FOUND"');
    expect(out).toContain('"domain": "wire.fraiseql.dev"');
    expect(out).toContain("TROUBLESHOOTING.md#entity_not_found");
  });

  it.skipIf(skip)("prints BadRequest field violations for a bad filter", async () => {
    const { out } = await grpcurlOutput("-d", '{"entity": "items", "filter": "status ="}', t.address, "fraiseql.wire.v1.QueryService/StreamQuery");
    expect(out).toContain("Code: InvalidArgument");
    expect(out).toContain('"reason": "INVALID_FILTER"');
    expect(out).toMatch(/"field": "filter"/);
  });
});
