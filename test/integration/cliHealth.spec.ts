import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkHealth } from "../../src/client/index.js";
import { freePort } from "../support/startDatabase.js";
import { startTestServer, type TestServer } from "../support/testServer.js";

// `fraiseql-wire health` is the image's HEALTHCHECK: it must exit 0 only while the server says SERVING.
const CLI = join(process.cwd(), "dist", "src", "cli", "main.js");
let up: TestServer;
let noDatabase: TestServer;

function health(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const { FRAISEQL_WIRE_ADDRESS: _, ...env } = process.env;
    const child = spawn(process.execPath, [CLI, "health", ...args], { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`make build\` (make test does) before the CLI tests`);
  up = await startTestServer();
  noDatabase = await startTestServer({ DATABASE_URL: "postgres://nobody:secret@127.0.0.1:1/none" });
});
afterAll(async () => {
  await up?.close();
  await noDatabase?.close();
});

describe("fraiseql-wire health", () => {
  it("prints SERVING and exits 0 while the server can serve", async () => {
    const run = await health("--address", up.address);
    expect(run).toMatchObject({ code: 0, stdout: "SERVING\n", stderr: "" });
  });

  it("asks about one service with --service", async () => {
    expect(await health("--address", up.address, "--service", "fraiseql.wire.v1.QueryService")).toMatchObject({ code: 0, stdout: "SERVING\n" });
    expect(await health("--address", up.address, "--service", "no.such.Service")).toMatchObject({ code: 1, stdout: "SERVICE_UNKNOWN\n" });
  });

  it("exits 75 with NOT_SERVING when the server cannot reach its database", async () => {
    const run = await health("--address", noDatabase.address);
    expect(run).toMatchObject({ code: 75, stdout: "NOT_SERVING\n" });
  });

  it("exits 75 and names the address when nothing listens there", async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const run = await health("--address", address);
    expect(run.code).toBe(75);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("UNAVAILABLE");
    expect(run.stderr).toContain(`server: ${address}`);
  });

  it("gives up after --deadline-ms and exits 1 when the server does not answer", async () => {
    // A listening socket that never speaks HTTP/2: the call can only end by its deadline.
    const { createServer } = await import("node:net");
    const silent = createServer(() => {}).listen(0, "127.0.0.1");
    await new Promise((resolve) => silent.once("listening", resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const started = Date.now();
      const run = await health("--address", `127.0.0.1:${port}`, "--deadline-ms", "500");
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("DEADLINE_EXCEEDED");
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      silent.close();
    }
  });

  it("is in the SDK as checkHealth()", async () => {
    expect(await checkHealth(up.address)).toBe("SERVING");
    expect(await checkHealth(noDatabase.address, { service: "fraiseql.wire.v1.QueryService" })).toBe("NOT_SERVING");
  });
});
