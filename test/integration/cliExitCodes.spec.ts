import postgres from "postgres";
import { databaseUrlFor } from "../support/databaseUrlFor.js";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../support/startDatabase.js";
import { startTestServer, type TestServer } from "../support/testServer.js";

const CLI = join(process.cwd(), "dist", "src", "cli", "main.js");
let t: TestServer;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(args: readonly string[], env: Record<string, string> = {}, interruptWhen?: () => Promise<void>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, FRAISEQL_WIRE_ADDRESS: t.address, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    if (interruptWhen !== undefined) void interruptWhen().then(() => child.kill("SIGINT"), reject);
  });
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`make build\` (make test does) before the CLI tests`);
  t = await startTestServer();
});
afterAll(() => t.close());

describe("fraiseql-wire exit codes", () => {
  it("--help documents the commands and every exit code", async () => {
    const run = await cli(["--help"]);
    expect(run.code).toBe(0);
    for (const text of ["serve", "query <entity>", "entities", "--address", "--token", "--format", "--no-resume", "--resume-attempts", "  2 ", "  75 ", "  1 "]) {
      expect(run.stdout).toContain(text);
    }
  });

  it("--version prints package.json's version and exits 0", async () => {
    const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    const run = await cli(["--version"]);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 0, stdout: `fraiseql-wire ${version}\n` });
  });

  it.each([
    [["query"], /exactly one entity/],
    [["frobnicate"], /unknown command "frobnicate"/],
    [["query", "items", "--bogus"], /Unknown option '--bogus'/],
    [["query", "items", "--format", "xml"], /expected ndjson, json or table/],
    [["query", "items", "--limit", "ten"], /--limit "ten": expected a whole number/],
  ])("usage errors exit 2: %j", async (args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain("fraiseql-wire --help");
  });

  it("a permanent failure exits 1 with the reason, the message and the help link", async () => {
    const run = await cli(["query", "items", "--filter", 'status == "active"']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^fraiseql-wire: INVALID_FILTER: invalid filter at column 9/);
    expect(run.stderr).toMatch(/See https:\/\/\S+TROUBLESHOOTING\.md#/);
    expect((await cli(["query", "no_such_entity"])).code).toBe(1);
  });

  it("a failure mid-stream keeps the rows already written and says how to resume", async () => {
    const run = await cli(["query", "blobs", "--order-by", ""]);
    expect(run.code).toBe(1);
    expect(run.stdout.trimEnd().split("\n")).toHaveLength(2);
    expect(run.stderr).toContain("add --offset 2 to resume");
  });

  it("a retriable failure exits 75 and says to try again", async () => {
    const run = await cli(["query", "items", "--address", `127.0.0.1:${await freePort()}`]);
    expect(run.code).toBe(75);
    expect(run.stderr).toMatch(/UNAVAILABLE/);
    expect(run.stderr).toMatch(/temporary: try again/);
    expect((await cli(["entities"], { FRAISEQL_WIRE_ADDRESS: `127.0.0.1:${await freePort()}` })).code).toBe(75);
  });

  it("Ctrl-C cancels the query and exits 130", async () => {
    // Interrupt once the query runs: a fixed delay races the CLI's start-up on a loaded machine.
    // A server of its own, connected as its own role, makes its backend the only one to wait for.
    const url = databaseUrlFor(t.databaseUrl, { user: "wire_test_cli", password: "cli-Pw-3e8b" });
    const own = await startTestServer({ DATABASE_URL: url, FRAISEQL_WIRE_SCHEMAS: "wire_test" });
    const sql = postgres(t.databaseUrl, { max: 1, onnotice: () => {} });
    const running = async (): Promise<void> => {
      for (let i = 0; i < 600; i++) {
        const [row] = await sql`select count(*)::int as n from pg_stat_activity where usename = 'wire_test_cli' and wait_event = 'PgSleep'`;
        if ((row?.["n"] as number) > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error("the slow query never started");
    };
    try {
      const run = await cli(["query", "slow"], { FRAISEQL_WIRE_ADDRESS: own.address }, running);
      expect(run.code).toBe(130);
    } finally {
      await sql.end();
      await own.close();
    }
  });

  it("serve runs the server from the environment and stops on SIGTERM with 0", async () => {
    const address = `127.0.0.1:${await freePort()}`;
    const server = spawn(process.execPath, [CLI, "serve"], {
      env: { ...process.env, DATABASE_URL: t.databaseUrl, FRAISEQL_WIRE_LISTEN: address, FRAISEQL_WIRE_SCHEMAS: "wire_test", FRAISEQL_WIRE_LOG_LEVEL: "info" },
    });
    const exited = new Promise<number | null>((resolve) => server.on("close", resolve));
    let log = "";
    await new Promise<void>((resolve) => {
      const onData = (d: Buffer): void => {
        log += d.toString();
        if (log.includes("listening")) resolve();
      };
      server.stdout.on("data", onData);
      server.stderr.on("data", onData);
    });
    const run = await cli(["query", "items", "--limit", "2"], { FRAISEQL_WIRE_ADDRESS: address });
    expect(run.stdout.trimEnd().split("\n")).toHaveLength(2);
    server.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("serve without DATABASE_URL is a usage error", async () => {
    const { DATABASE_URL: _, ...env } = process.env;
    const run = await new Promise<Run>((resolve) => {
      const child = spawn(process.execPath, [CLI, "serve"], { env });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("close", (code) => resolve({ code, stdout: "", stderr }));
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("DATABASE_URL is not set");
  });
});
