import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log/createLogger.js";
import { databaseUrlFor } from "../support/databaseUrlFor.js";
import { decodeDetails } from "../support/decodeDetails.js";
import { loadSqlFiles } from "../support/loadSqlFiles.js";
import { freePort } from "../support/startDatabase.js";
import { startLoggedServer } from "../support/startLoggedServer.js";
import { collect, startTestServer } from "../support/testServer.js";

// What operators read: every failure is logged with its reason and request id, the cause of an
// INTERNAL error is there (and only there), and no password ever is.
let base: string;
beforeAll(async () => {
  const probe = await startTestServer();
  base = probe.databaseUrl;
  await probe.close();
  await loadSqlFiles(base, ["test/support/errors_test.sql"]);
});

describe("error logs", () => {
  it("log the reason and request id of a failed call, never the password of DATABASE_URL", async () => {
    const s = await startLoggedServer({ DATABASE_URL: databaseUrlFor(base, { user: "errors_test_reader", password: "log-Pw-never-shown" }) });
    try {
      const { error } = await collect(s.client, { entity: "items" });
      const requestId = decodeDetails(error!).requestInfo[0]!.requestId;
      const line = s.logs().split("\n").find((l) => l.includes(requestId));
      expect(JSON.parse(line!)).toMatchObject({ level: 40, reason: "DATABASE_AUTH_FAILED", category: "authentication", method: "StreamQuery" });
      expect(s.logs()).not.toContain("log-Pw-never-shown");
    } finally {
      await s.close();
    }
  });

  it("log the cause of an INTERNAL error at level error, under the request id the client got", async () => {
    const s = await startLoggedServer({ FRAISEQL_WIRE_SCHEMAS: "errors_test" });
    try {
      const { error } = await collect(s.client, { entity: "internal" });
      expect(error?.details).not.toContain("SECRET");
      const requestId = decodeDetails(error!).requestInfo[0]!.requestId;
      const entry = JSON.parse(s.logs().split("\n").find((l) => l.includes(requestId))!) as { level: number; reason: string; err: { message: string; code: string } };
      expect(entry).toMatchObject({ level: 50, reason: "INTERNAL", err: { message: "SECRET internal detail XX000", code: "XX000" } });
    } finally {
      await s.close();
    }
  });

  it("scrub passwords from any field at any depth: URLs, keyword strings, password properties", () => {
    let out = "";
    const sink = new Writable({ write: (chunk: Buffer, _e, done) => ((out += chunk.toString()), done()) });
    const log = createLogger("info", sink);
    const urlError = Object.assign(new TypeError("Invalid URL"), { input: "postgres://app:url-Pw-1@db:5432/app" });
    log.error({ err: urlError, options: { connection: { pass: "pass-Pw-2", nested: { password: "deep-Pw-3" } } } }, "failed");
    log.warn({ dsn: "host=db user=app password=kw-Pw-4 dbname=app", note: "postgresql://u:url-Pw-5@h/d?sslpassword=ssl-Pw-6" }, "retrying");
    log.info("connecting to postgres://app:msg-Pw-7@db/app");
    for (const secret of ["url-Pw-1", "pass-Pw-2", "deep-Pw-3", "kw-Pw-4", "url-Pw-5", "ssl-Pw-6", "msg-Pw-7"]) expect(out).not.toContain(secret);
    expect(out).toContain("postgres://app:***@db:5432/app");
    for (const line of out.trim().split("\n")) expect(() => JSON.parse(line) as unknown).not.toThrow();
  });

  it("the server process logs its DATABASE_URL with the password hidden", async () => {
    const main = join(process.cwd(), "dist", "src", "main.js");
    if (!existsSync(main)) throw new Error(`${main} is missing: run \`make build\` (make test does) before this test`);
    const url = databaseUrlFor(base, { password: "proc-Pw-8" });
    const child = spawn(process.execPath, [main], {
      env: { ...process.env, DATABASE_URL: url, FRAISEQL_WIRE_LISTEN: `127.0.0.1:${await freePort()}`, FRAISEQL_WIRE_LOG_LEVEL: "debug" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    for (let i = 0; i < 200 && !out.includes("listening"); i++) await new Promise((r) => setTimeout(r, 50));
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
    expect(out).toContain("listening");
    expect(out).toContain(":***@127.0.0.1");
    expect(out).not.toContain("proc-Pw-8");
  });
});
