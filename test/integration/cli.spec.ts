import { spawn } from "node:child_process";
import { Server, ServerCredentials, status, type Metadata, type ServerUnaryCall, type sendUnaryData } from "@grpc/grpc-js";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QueryServiceService } from "../../generated/fraiseql/wire/v1/query_service.js";
import { startTestServer, type TestServer } from "../support/testServer.js";

const CLI = join(process.cwd(), "dist", "src", "cli", "main.js");
let t: TestServer;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The built CLI in a child process, pointed at the test server unless env says otherwise. */
export function cli(args: readonly string[], env: Record<string, string> = {}, onSpawn?: (pid: number) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, FRAISEQL_WIRE_ADDRESS: t.address, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    onSpawn?.(child.pid!);
  });
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`make build\` (make test does) before the CLI tests`);
  t = await startTestServer();
});
afterAll(() => t.close());

describe("fraiseql-wire query", () => {
  it("prints one JSON document per line by default", async () => {
    const run = await cli(["query", "items", "--order-by", "name", "--limit", "3"]);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines.map((l) => (JSON.parse(l) as { name: string }).name)).toEqual(["alpha", "beta", "delta"]);
  });

  it("passes filter, offset and chunk sizes to the server", async () => {
    const run = await cli(["query", "numbers", "--filter", "bucket = 3", "--order-by", "n", "--offset", "2", "--limit", "2", "--chunk-rows", "1"]);
    expect(run.stdout.trimEnd().split("\n").map((l) => (JSON.parse(l) as { n: number }).n)).toEqual([23, 33]);
  });

  it("--format json prints one valid array, [] when nothing matches", async () => {
    const run = await cli(["query", "numbers", "--order-by", "n", "--limit", "3", "--format", "json"]);
    expect((JSON.parse(run.stdout) as Array<{ n: number }>).map((r) => r.n)).toEqual([1, 2, 3]);
    expect(JSON.parse((await cli(["query", "items", "--filter", 'name = "none"', "--format", "json"])).stdout)).toEqual([]);
  });

  it("--format table aligns the top-level keys in columns", async () => {
    const run = await cli(["query", "items", "--filter", "priority >= 4", "--order-by", "name", "--format", "table"]);
    const [header, rule, ...rows] = run.stdout.trimEnd().split("\n");
    const cells = (line: string) => line.split(" | ").map((c) => c.trim());
    const columns = cells(header!);
    expect(columns).toEqual(expect.arrayContaining(["name", "status", "priority", "owner", "tags"]));
    expect(rule).toMatch(/^-+(-\+--+)+$/);
    expect(rows).toHaveLength(2);
    const first = Object.fromEntries(columns.map((c, i) => [c, cells(rows[0]!)[i]]));
    expect(first).toMatchObject({ name: "alpha", status: "active", priority: "5", owner: '{"name":"Ada"}' });
    // Every line has its separators at the same columns.
    const bars = (line: string) => [...line.matchAll(/ \| /g)].map((m) => m.index);
    for (const row of rows) expect(bars(row).slice(0, 3)).toEqual(bars(header!).slice(0, 3));
  });

  it("writes nothing to stderr when it is not a terminal, even for a long stream", async () => {
    const run = await cli(["query", "large", "--limit", "50000"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")).toHaveLength(50001);
    expect(run.stderr).toBe("");
  });

  it("stops quietly with exit 0 when the reader of its output goes away (| head)", async () => {
    const run = await new Promise<Run>((resolve) => {
      const child = spawn("bash", ["-c", `"${process.execPath}" "${CLI}" query large | head -n 2 > /dev/null; echo "exit=\${PIPESTATUS[0]}"`], {
        env: { ...process.env, FRAISEQL_WIRE_ADDRESS: t.address },
      });
      let stdout = "";
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      child.on("close", (code) => resolve({ code, stdout, stderr: "" }));
    });
    expect(run.stdout.trim()).toBe("exit=0");
  });
});

describe("fraiseql-wire entities", () => {
  it("lists entities as a table, or as JSON", async () => {
    const table = await cli(["entities", "--schema", "wire_test"]);
    expect(table.stdout).toMatch(/^name\s+\| qualified_name\s+\| view\s+\| data_type\s+\| key_column/);
    expect(table.stdout).toMatch(/\nitems\s+\| wire_test\.items\s+\| v_items\s+\| jsonb\s+\| id\n/);
    const json = JSON.parse((await cli(["entities", "--format", "json"])).stdout) as Array<{ name: string }>;
    expect(json.map((e) => e.name)).toContain("numbers");
  });
});

describe("fraiseql-wire --token", () => {
  it("sends the token as a bearer authorization header, from the flag or FRAISEQL_WIRE_TOKEN", async () => {
    const seen: Metadata[] = [];
    const stub = new Server();
    stub.addService(QueryServiceService, {
      streamQuery: () => {},
      listEntities: (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
        seen.push(call.metadata);
        callback({ code: status.UNAUTHENTICATED, details: "bad token" });
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      stub.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
    );
    try {
      const run = await cli(["entities", "--address", `127.0.0.1:${port}`, "--token", "t0ken"]);
      await cli(["entities"], { FRAISEQL_WIRE_ADDRESS: `127.0.0.1:${port}`, FRAISEQL_WIRE_TOKEN: "from-env" });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/UNAUTHENTICATED: bad token/);
      expect(seen.map((m) => m.get("authorization")[0])).toEqual(["Bearer t0ken", "Bearer from-env"]);
    } finally {
      stub.forceShutdown();
    }
  });
});
