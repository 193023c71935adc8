import { Metadata, status, type ClientReadableStream, type ServiceError } from "@grpc/grpc-js";
import postgres from "postgres";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { decodeDetails } from "../support/decodeDetails.js";
import { healthClient } from "../support/genericClients.js";
import { eventually } from "../support/activeBackends.js";
import { dedicatedRole } from "../support/dedicatedRole.js";
import { collect, request, startTestServer, type TestServer } from "../support/testServer.js";

// Faults a database and impatient clients cause every day, looped with random timing: each must end
// the call it hits with a clear status and leave the server serving, with no connection lost.
// The servers log in as a role of this file's own: backends are counted and terminated by it, never
// those of the test files running beside this one.
const servers: TestServer[] = [];
let admin: postgres.Sql;
let role: { role: string; url: string };
beforeAll(async () => {
  admin = postgres(inject("databaseUrl"), { max: 1, onnotice: () => {} });
  role = await dedicatedRole(admin, inject("databaseUrl"), "faults", ["wire_test.v_hold", "wire_test.v_items", "wire_test.v_large", "wire_test.v_numbers"]);
});
afterAll(async () => {
  await admin.end();
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function start(env: Record<string, string> = {}): Promise<TestServer> {
  const s = await startTestServer({ DATABASE_URL: role.url, ...env });
  servers.push(s);
  return s;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ended = (call: ClientReadableStream<unknown>): Promise<ServiceError | undefined> =>
  new Promise((resolve) => {
    call.on("error", resolve);
    call.on("end", () => resolve(undefined));
  });
const terminateAll = () =>
  admin`select pg_terminate_backend(pid) from pg_stat_activity where usename = ${role.role} and application_name = 'fraiseql-wire' and pid <> pg_backend_pid()`;
const healthOf = (address: string): Promise<string> => {
  const client = healthClient(address);
  return new Promise((resolve, reject) =>
    client.check({ service: "fraiseql.wire.v1.QueryService" }, (e, r) => {
      client.close();
      if (e) reject(e);
      else resolve(r!.status);
    }),
  );
};
const inTransaction = async () =>
  (await admin`select count(*)::int as n from pg_stat_activity where usename = ${role.role} and application_name = 'fraiseql-wire' and state like 'idle in transaction%'`)[0]!["n"] as number;

describe("database faults and impatient clients", () => {
  it("a backend terminated at a random moment of a stream ends that call with DATABASE_UNAVAILABLE and never takes the server down", async () => {
    const s = await start({ FRAISEQL_WIRE_POOL_SIZE: "3" });
    for (let i = 0; i < 40; i++) {
      const call = s.client.streamQuery(request({ entity: "large", chunkRows: 200 }));
      const outcome = ended(call);
      // A paused reader: the server waits for drain with the next FETCH already in flight.
      await new Promise<void>((resolve) =>
        call.once("data", () => {
          call.pause();
          resolve();
        }),
      );
      await sleep(Math.random() * 30);
      await terminateAll();
      await sleep(Math.random() * 30);
      call.resume();
      call.on("data", () => {});
      const error = await outcome;
      expect(error?.code, `iteration ${i}`).toBe(status.UNAVAILABLE);
      const info = decodeDetails(error!).errorInfo[0]!;
      expect(info.reason).toBe("DATABASE_UNAVAILABLE");
      expect(Number(info.metadata["rowsReceived"])).toBeGreaterThan(0);
      // Every pooled connection just died: the next call must not notice.
      const next = await collect(s.client, { entity: "items", limit: 3 });
      expect(next.error, `iteration ${i}: ${next.error?.details}`).toBeUndefined();
      expect(next.rows).toHaveLength(3);
    }
    expect(await inTransaction()).toBe(0);
  });

  it("after every pooled connection was terminated while idle, the next calls succeed at their first try", async () => {
    // A generous pool wait: on a loaded machine the previous round's cancelled streams may take a
    // moment to hand their connections back, and this test is about the round after the kill.
    const s = await start({ FRAISEQL_WIRE_POOL_SIZE: "4", FRAISEQL_WIRE_POOL_WAIT_MS: "15000" });
    for (let round = 0; round < 10; round++) {
      // Open all four connections (four streams under way at once), leave them idle, then kill them
      // all: a database restart or failover.
      const warm = [0, 1, 2, 3].map(() => s.client.streamQuery(request({ entity: "large" })));
      const started = await Promise.all(warm.map((call) => new Promise((resolve) => (call.once("data", () => resolve(undefined)), call.once("error", resolve)))));
      expect(started).toEqual([undefined, undefined, undefined, undefined]);
      await Promise.all(warm.map((call) => (call.cancel(), ended(call))));
      await sleep(50);
      await terminateAll();
      await sleep(Math.random() * 20);
      const calls = await Promise.all([0, 1, 2, 3].map(() => collect(s.client, { entity: "items", limit: 3 })));
      for (const c of calls) expect(c.error?.details, `round ${round}`).toBeUndefined();
    }
  });

  it("a client cancel at any moment around a FETCH that waits in PostgreSQL stops that FETCH: no backend stays busy, every connection comes back", async () => {
    const s = await start({ FRAISEQL_WIRE_POOL_SIZE: "2" });
    for (let i = 0; i < 60; i++) {
      const call = s.client.streamQuery(request({ entity: "hold", chunkRows: 100 }));
      call.on("data", () => {});
      const done = ended(call);
      await new Promise((resolve) => (call.once("data", resolve), call.once("error", resolve)));
      // Around the moment the second FETCH (the one that sleeps) is sent: before, while, after.
      await sleep(Math.random() * 8);
      call.cancel();
      await done;
    }
    const busy = async () =>
      (await admin`select count(*)::int as n from pg_stat_activity where usename = ${role.role} and application_name = 'fraiseql-wire' and state <> 'idle'`)[0]!["n"] as number;
    // The same bound as the fault suite's recovery check: on a loaded machine each cancel opens its own
    // connection to PostgreSQL, and the re-cancel loop may take seconds to land.
    expect(await eventually(busy, (n) => n === 0, 20_000)).toBe(0);
    const reads = await Promise.all([0, 1].map(() => collect(s.client, { entity: "items", limit: 3 })));
    for (const r of reads) expect(r.error?.details).toBeUndefined();
  });

  it("200 calls with deadlines of 1–40 ms, then 300 cancelled at random, leave the server serving with every connection back", async () => {
    const s = await start({ FRAISEQL_WIRE_POOL_SIZE: "10", FRAISEQL_WIRE_HEALTH_INTERVAL_MS: "200" });
    const deadlines = Array.from({ length: 200 }, (_, i) => {
      const call = s.client.streamQuery(request({ entity: i % 2 ? "numbers" : "large", orderBy: i % 2 ? "n" : "", chunkRows: 100 }), new Metadata(), {
        deadline: Date.now() + 1 + Math.random() * 39,
      });
      call.on("data", () => {});
      return ended(call);
    });
    for (const e of await Promise.all(deadlines)) expect([undefined, status.DEADLINE_EXCEEDED, status.RESOURCE_EXHAUSTED]).toContain(e?.code);
    for (let round = 0; round < 10; round++) {
      const cancels = Array.from({ length: 30 }, (_, i) => {
        const call = s.client.streamQuery(request({ entity: i % 2 ? "numbers" : "large", orderBy: i % 2 ? "n" : "", chunkRows: 100 }));
        call.on("data", () => {});
        const done = ended(call);
        setTimeout(() => call.cancel(), Math.random() * 60);
        return done;
      });
      await Promise.all(cancels);
    }
    // Not wedged: a small read gets its rows at once, ten at a time (every connection is free).
    const reads = await Promise.all(Array.from({ length: 10 }, () => collect(s.client, { entity: "items", limit: 3 }, new Metadata())));
    for (const r of reads) expect(r.error?.details).toBeUndefined();
    await sleep(500);
    expect(await healthOf(s.address)).toBe("SERVING");
    expect(await inTransaction()).toBe(0);
  });
});
