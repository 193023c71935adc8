import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { credentials } from "@grpc/grpc-js";
import { afterEach, describe, expect, inject, it } from "vitest";
import { QueryServiceClient } from "../../generated/fraiseql/wire/v1/query_service.js";
import { eventually } from "../support/activeBackends.js";
import { healthClient } from "../support/genericClients.js";
import { freePort } from "../support/startDatabase.js";
import { scrapeMetrics } from "../support/scrapeMetrics.js";
import { collect } from "../support/testServer.js";

// The multi-worker server is a process tree (a primary and its workers): it is only tested as one.
const MAIN = join(process.cwd(), "dist", "src", "main.js");

interface Served {
  readonly child: ChildProcess;
  readonly address: string;
  readonly exited: Promise<number | null>;
  /** Every JSON log line so far, of the primary and of each worker. */
  lines(): Array<Record<string, unknown>>;
}

const running: Served[] = [];
afterEach(() => {
  for (const s of running.splice(0)) if (s.child.exitCode === null) s.child.kill("SIGKILL");
});

function serve(env: Record<string, string>, address?: string, nodeArgs: readonly string[] = []): Served {
  const listen = address ?? "";
  let output = "";
  const child = spawn(process.execPath, [...nodeArgs, MAIN], {
    env: {
      ...process.env,
      DATABASE_URL: inject("databaseUrl"),
      FRAISEQL_WIRE_SCHEMAS: "wire_test",
      FRAISEQL_WIRE_LOG_LEVEL: "info",
      FRAISEQL_WIRE_WORKERS: "2",
      ...env,
      FRAISEQL_WIRE_LISTEN: listen,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const s: Served = {
    child,
    address: listen,
    exited,
    lines: () =>
      output
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
  running.push(s);
  return s;
}

async function serveListening(env: Record<string, string> = {}, nodeArgs: readonly string[] = []): Promise<Served> {
  const s = serve(env, `127.0.0.1:${await freePort()}`, nodeArgs);
  await eventually(
    async () => s.lines().some((l) => l["msg"] === "all workers listening") && workersOf(s, "fraiseql-wire listening").length === 2,
    (ok) => ok,
    60_000,
  );
  return s;
}

function check(address: string): Promise<string> {
  const client = healthClient(address);
  return new Promise((resolve) =>
    client.check({ service: "" }, (e, r) => {
      client.close();
      resolve(e ? `error ${e.message}` : r!.status);
    }),
  );
}

/** A client of its own connection: grpc-js shares one between clients with identical options. */
function ownClient(address: string, n: number): QueryServiceClient {
  return new QueryServiceClient(address, credentials.createInsecure(), { "fraiseql.test.connection": n });
}

const workersOf = (s: Served, msg: string): unknown[] => s.lines().filter((l) => l["msg"] === msg).map((l) => l["worker"]);

describe("FRAISEQL_WIRE_WORKERS: worker processes sharing one port", () => {
  it("runs that many workers on one port, each answering health, and a resume token from any of them continues on every other", async () => {
    const s = await serveListening({}, ["--max-semi-space-size=8"]);
    expect(workersOf(s, "fraiseql-wire listening").sort()).toEqual([1, 2]);
    // The workers run with the node flags the server was started with (memory tuning, PERFORMANCE_TUNING.md).
    for (const l of s.lines().filter((x) => x["msg"] === "fraiseql-wire listening")) {
      expect(l["pid"]).not.toBe(s.child.pid);
      expect(readFileSync(`/proc/${l["pid"] as number}/cmdline`, "utf8").split("\0")).toContain("--max-semi-space-size=8");
    }
    // Connections are handed to the workers in turn: several connections reach both.
    const clients = [0, 1, 2, 3].map((n) => ownClient(s.address, n));
    try {
      for (let n = 0; n < 4; n++) expect(await check(s.address)).toBe("SERVING");
      const first = await collect(clients[0]!, { entity: "items", chunkRows: 2 });
      expect(first.error).toBeUndefined();
      const token = first.messages[0]!.resumeToken;
      const rest = first.rows.slice(2);
      // One random key for all workers: a token is valid wherever the next call lands.
      for (const client of clients) {
        const resumed = await collect(client, { entity: "items", chunkRows: 2, resumeToken: token });
        expect(resumed.error).toBeUndefined();
        expect(resumed.rows).toEqual(rest);
      }
    } finally {
      for (const c of clients) c.close();
    }
    s.child.kill("SIGTERM");
    expect(await s.exited).toBe(0);
  });

  it("SIGTERM drains every worker: streams running on each finish, health turns NOT_SERVING, and the server exits 0", async () => {
    const s = await serveListening({ FRAISEQL_WIRE_SHUTDOWN_GRACE_MS: "60000" });
    const clients = [0, 1, 2, 3].map((n) => ownClient(s.address, n));
    try {
      // wire_test.v_slow takes about 5 s: these are running when the signal arrives.
      const streams = clients.map((c) => collect(c, { entity: "slow" }));
      await new Promise((r) => setTimeout(r, 1500));
      s.child.kill("SIGTERM");
      await eventually(
        async () => workersOf(s, "shutting down: NOT_SERVING, no new calls").length,
        (n) => n === 2,
        30_000,
      );
      for (const outcome of await Promise.all(streams)) {
        expect(outcome.error).toBeUndefined();
        expect(outcome.rows).toHaveLength(5);
      }
      expect(await s.exited).toBe(0);
      expect(workersOf(s, "shutdown complete").sort()).toEqual([1, 2]);
    } finally {
      for (const c of clients) c.close();
    }
  });

  it("the primary serves FRAISEQL_WIRE_METRICS_LISTEN with every worker's series, labelled by worker; SIGHUP reaches every worker", async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/metrics`;
    const s = await serveListening({ FRAISEQL_WIRE_METRICS_LISTEN: `127.0.0.1:${port}` });
    const clients = [0, 1, 2, 3].map((n) => ownClient(s.address, n));
    try {
      // Four connections, handed to the two workers in turn.
      for (const client of clients) expect((await collect(client, { entity: "numbers", limit: 5 })).rows).toHaveLength(5);
      const text = await (await fetch(url)).text();
      // One family, once: a repeated TYPE line makes Prometheus refuse the whole scrape.
      expect(text.split("\n").filter((l) => l.startsWith("# TYPE fraiseql_wire_rows_sent_total "))).toHaveLength(1);
      const scrape = await scrapeMetrics(url);
      expect(scrape.value("fraiseql_wire_rows_sent_total", { fraiseql_entity: "wire_test.numbers" })).toBe(20);
      const served = scrape.series("fraiseql_wire_rows_sent_total").map((labels) => labels["fraiseql_wire_worker"]);
      expect(served.sort()).toEqual(["1", "2"]);
      expect(scrape.value("fraiseql_wire_rows_sent_total", { fraiseql_entity: "wire_test.numbers", fraiseql_wire_worker: "1" })).toBe(10);
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);

      // SIGHUP's default action would end the primary: it reloads every worker's files instead.
      s.child.kill("SIGHUP");
      await eventually(
        async () => workersOf(s, "reloading TLS and credential files").length,
        (n) => n === 2,
        30_000,
      );
      expect(await check(s.address)).toBe("SERVING");
      expect((await collect(clients[0]!, { entity: "numbers", limit: 1 })).rows).toHaveLength(1);
    } finally {
      for (const c of clients) c.close();
    }
    s.child.kill("SIGTERM");
    expect(await s.exited).toBe(0);
  });

  it("a worker that dies is replaced while the other one serves", async () => {
    const s = await serveListening();
    const victim = s.lines().find((l) => l["msg"] === "fraiseql-wire listening" && l["worker"] === 1)!["pid"] as number;
    process.kill(victim, "SIGKILL");
    await eventually(
      async () => workersOf(s, "fraiseql-wire listening"),
      (ids) => ids.includes(3),
      60_000,
    );
    expect(s.lines().some((l) => l["msg"] === "a worker exited: starting a new one" && l["worker"] === 1)).toBe(true);
    const client = ownClient(s.address, 9);
    try {
      const outcome = await collect(client, { entity: "items", limit: 2 });
      expect(outcome.error).toBeUndefined();
      expect(outcome.rows).toHaveLength(2);
    } finally {
      client.close();
    }
    s.child.kill("SIGTERM");
    expect(await s.exited).toBe(0);
  });

  it("a worker that cannot listen (port taken) stops the whole server with exit code 1", async () => {
    const blocker = createServer();
    const port = await new Promise<number>((resolve) => blocker.listen(0, "127.0.0.1", () => resolve((blocker.address() as { port: number }).port)));
    try {
      const s = serve({}, `127.0.0.1:${port}`);
      expect(await s.exited).toBe(1);
      expect(s.lines().some((l) => l["msg"] === "a worker failed to start: stopping the server")).toBe(true);
    } finally {
      blocker.close();
    }
  });

  it("FRAISEQL_WIRE_WORKERS=1 serves from the process itself, with no workers", async () => {
    const s = serve({ FRAISEQL_WIRE_WORKERS: "1" }, `127.0.0.1:${await freePort()}`);
    await eventually(
      async () => s.lines().some((l) => l["msg"] === "fraiseql-wire listening"),
      (ok) => ok,
      60_000,
    );
    const listening = s.lines().find((l) => l["msg"] === "fraiseql-wire listening")!;
    expect(listening["pid"]).toBe(s.child.pid);
    expect(listening["worker"]).toBeUndefined();
    s.child.kill("SIGTERM");
    expect(await s.exited).toBe(0);
  });
});
