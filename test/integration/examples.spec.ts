import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/testServer.js";

const EXAMPLES = join(process.cwd(), "dist", "examples");
let t: TestServer;

/** Runs a built example as a user would: node, FRAISEQL_WIRE_ADDRESS, optional arguments. */
function example(name: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(EXAMPLES, `${name}.js`), ...args], { env: { ...process.env, FRAISEQL_WIRE_ADDRESS: t.address }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  if (!existsSync(join(EXAMPLES, "basic_query.js"))) {
    throw new Error(`${EXAMPLES} is missing: run \`make build\` (make test does) before the examples test`);
  }
  // A small pool with a short wait, so that error_handling fills it quickly.
  t = await startTestServer({ FRAISEQL_WIRE_POOL_SIZE: "3", FRAISEQL_WIRE_POOL_WAIT_MS: "300" });
});
afterAll(() => t.close());

describe("examples/ run against a real server", () => {
  it("basic_query lists entities and prints five projects", async () => {
    const run = await example("basic_query");
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toMatch(/^the server exposes \d+ entities: .*\bprojects\b/);
    expect(run.stdout.split("\n").filter((l) => / \| priority /.test(l))).toHaveLength(5);
    expect(run.stdout).toContain("5 rows");
  });

  it("filtering prints the built filter text and a count for each filter", async () => {
    const run = await example("filtering");
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toContain('filter text: status = "active" AND priority >= 4');
    expect(run.stdout).toContain('filter text: owner.name = "Ada\\" OR status = \\"active"');
    expect(run.stdout).toContain("owner named exactly that: 0 rows");
    expect(run.stdout.match(/: \d+ rows$/gm)).toHaveLength(7);
    expect(run.stdout).toMatch(/^active with priority >= 4: [1-9]\d* rows$/m);
  });

  it("ordering prints three pages that neither overlap nor skip", async () => {
    const run = await example("ordering");
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout.match(/^page \d: /gm)).toHaveLength(3);
    expect(run.stdout).toContain("12 distinct rows in 3 pages of 4");
  });

  it("streaming counts every row of a large entity with a bounded heap", async () => {
    const run = await example("streaming", "numbers");
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toMatch(/^done: 20000 rows, [\d.]+ MB in [\d.]+ s/m);
    const peak = Number(/peak heap ([\d.]+) MB/.exec(run.stdout)?.[1]);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThan(100);
  });

  it("error_handling retries TOO_MANY_STREAMS and stops at ENTITY_NOT_FOUND", async () => {
    const run = await example("error_handling", "numbers");
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toContain("holding 3 streams; the server said: TOO_MANY_STREAMS (retriable: true)");
    // The SDK waits the server's RetryInfo delay (1 s), plus up to 20% of jitter.
    expect(run.stdout).toMatch(/^attempt 1: TOO_MANY_STREAMS \(retriable\), retrying in 1\d{3} ms$/m);
    expect(run.stdout).toContain("succeeded after retrying: 3 rows in 2 attempts");
    expect(run.stdout).toMatch(/^permanent: ENTITY_NOT_FOUND \(code 5, category schema, retriable false\)$/m);
    expect(run.stdout).toMatch(/help: https:\/\/\S+TROUBLESHOOTING\.md#\S+; request id [0-9a-f-]{36}/);
  });

  it("performance measures each chunk size and iteration style", async () => {
    const run = await example("performance", "numbers");
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toMatch(/^chunkRows\(1\)\s+2000 rows\s+\d+ rows\/s\s+2001 messages, ttfr [\d.]+ ms$/m);
    expect(run.stdout).toMatch(/^chunkRows\(100\)\s+20000 rows\s+\d+ rows\/s\s+\d+ messages/m);
    expect(run.stdout).toMatch(/^for await \(parsed rows\)\s+20000 rows/m);
    expect(run.stdout).toMatch(/^raw\(\) \(JSON text, no parse\)\s+20000 rows/m);
  });
});
