import { Metadata, status, type ServiceError } from "@grpc/grpc-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { StreamQueryResponse } from "../../generated/fraiseql/wire/v1/query_service.js";
import { busyBackends, eventually } from "../support/activeBackends.js";
import { decodeDetails } from "../support/decodeDetails.js";
import { dedicatedRole } from "../support/dedicatedRole.js";
import { collect, request, startTestServer, type TestServer } from "../support/testServer.js";

let t: TestServer;
let sql: postgres.Sql;
let role: { role: string; url: string };

beforeAll(async () => {
  sql = postgres(inject("databaseUrl"), { max: 2, onnotice: () => {} });
  // A role of this file's own: the backend it terminates is its server's, never another file's.
  role = await dedicatedRole(sql, inject("databaseUrl"), "cancel", ["wire_test.v_large", "wire_test.v_slow", "wire_test.v_numbers", "wire_test.v_stubborn", "wire_test.v_items"]);
  t = await startTestServer({ DATABASE_URL: role.url });
});
afterAll(async () => {
  await t.close();
  await sql.end();
});

describe("cancellation and backpressure", () => {
  it("holds the stream open while the client does not read, then cancelling mid-stream returns the connection", async () => {
    const call = t.client.streamQuery(request({ entity: "large", orderBy: "", chunkRows: 100 }));
    const received: StreamQueryResponse[] = [];
    call.on("error", () => {});
    await new Promise<void>((resolve) =>
      call.on("data", (m: StreamQueryResponse) => {
        received.push(m);
        if (received.length === 1) {
          call.pause();
          resolve();
        }
      }),
    );
    // The server stops fetching when the client stops reading: its backend waits inside the transaction.
    const holding = await eventually(() => busyBackends(sql, "fraiseql-wire", role.role), (b) => b.length === 1 && b[0]!.state === "idle in transaction");
    expect(holding.map((b) => b.state)).toEqual(["idle in transaction"]);

    call.cancel();
    const after = await eventually(() => busyBackends(sql, "fraiseql-wire", role.role), (b) => b.length === 0);
    expect(after).toEqual([]);
  });

  it("cancels the backend query when the client cancels before the first row", async () => {
    const call = t.client.streamQuery(request({ entity: "slow" }));
    const ended = new Promise<ServiceError>((resolve) => call.on("error", resolve));
    call.on("data", () => {});
    await eventually(() => busyBackends(sql, "fraiseql-wire", role.role), (b) => b.some((x) => x.state === "active"));
    call.cancel();
    expect((await ended).code).toBe(status.CANCELLED);
    // v_slow needs 5 s; a cancelled backend is idle well before that.
    expect(await eventually(() => busyBackends(sql, "fraiseql-wire", role.role), (b) => b.length === 0, 4000)).toEqual([]);
  });

  it("cancels a statement again until it ends: one that outlives the first cancel does not run on after the client left", async () => {
    // v_stubborn catches the first cancel and sleeps 30 s more, as a statement whose cancel reached
    // an idle backend runs on. Cancelled once only, it would hold its backend for those 30 s (and
    // past FRAISEQL_WIRE_DB_RESPONSE_TIMEOUT_MS the server would close the connection under it).
    const call = t.client.streamQuery(request({ entity: "stubborn" }));
    const ended = new Promise<ServiceError>((resolve) => call.on("error", resolve));
    call.on("data", () => {});
    await eventually(() => busyBackends(sql, "fraiseql-wire", role.role), (b) => b.some((x) => x.state === "active" && x.stateMs > 200));
    call.cancel();
    expect((await ended).code).toBe(status.CANCELLED);
    expect(await eventually(() => busyBackends(sql, "fraiseql-wire", role.role), (b) => b.length === 0, 4000)).toEqual([]);
    // The connection was stopped, not closed: the next call runs on the pool at once.
    expect((await collect(t.client, { entity: "items", limit: 2 })).rows).toHaveLength(2);
  });

  it("stops the query when the call's deadline passes", async () => {
    const call = t.client.streamQuery(request({ entity: "slow" }), new Metadata(), { deadline: Date.now() + 300 });
    const error = await new Promise<ServiceError>((resolve) => {
      call.on("error", resolve);
      call.on("data", () => {});
    });
    expect(error.code).toBe(status.DEADLINE_EXCEEDED);
    expect(await eventually(() => busyBackends(sql, "fraiseql-wire", role.role), (b) => b.length === 0, 4000)).toEqual([]);
  });

  it("serves the next request on the same pool after many cancelled streams", async () => {
    for (let i = 0; i < 15; i++) {
      const call = t.client.streamQuery(request({ entity: "large", chunkRows: 10 }));
      call.on("error", () => {});
      await new Promise<void>((resolve) => call.once("data", () => resolve()));
      call.cancel();
    }
    await eventually(() => busyBackends(sql, "fraiseql-wire", role.role), (b) => b.length === 0);
    const rows: string[] = [];
    const call = t.client.streamQuery(request({ entity: "numbers", limit: 5, orderBy: "n" }));
    await new Promise<void>((resolve, reject) => {
      call.on("data", (m: StreamQueryResponse) => rows.push(...m.rows));
      call.on("end", resolve);
      call.on("error", reject);
    });
    expect(rows).toHaveLength(5);
  });
});

describe("a connection that dies while the stream waits for its client", () => {
  it("ends the stream with DATABASE_UNAVAILABLE and where to resume, and the server keeps serving", async () => {
    const call = t.client.streamQuery(request({ entity: "large", orderBy: "", chunkRows: 100 }));
    let rows = 0;
    const ended = new Promise<ServiceError | undefined>((resolve) => {
      call.on("error", resolve);
      call.on("end", () => resolve(undefined));
    });
    await new Promise<void>((resolve) =>
      call.once("data", (m: StreamQueryResponse) => {
        rows += m.rows.length;
        call.pause();
        resolve();
      }),
    );
    // What a failover, an operator or idle_in_transaction_session_timeout does to a waiting stream.
    // The stream fetches until the client's window is full, so its backend is idle in transaction
    // only between fetches at first: terminate once it is, however long the window takes to fill.
    const terminated = await eventually(
      () => sql`select pg_terminate_backend(pid) from pg_stat_activity where usename = ${role.role} and application_name = 'fraiseql-wire' and state = 'idle in transaction'`,
      (rows) => rows.length > 0,
    );
    expect(terminated).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 200));
    call.on("data", (m: StreamQueryResponse) => (rows += m.rows.length));
    call.resume();
    const error = await ended;
    expect(error?.code).toBe(status.UNAVAILABLE);
    const info = decodeDetails(error!).errorInfo[0]!;
    expect(info.reason).toBe("DATABASE_UNAVAILABLE");
    expect(info.metadata["retriable"]).toBe("true");
    expect(Number(info.metadata["nextOffset"])).toBeGreaterThan(0);
    expect(Number(info.metadata["nextOffset"])).toBeLessThan(1_000_000);

    const next = await collect(t.client, { entity: "numbers", limit: 3, orderBy: "n" });
    expect(next.error).toBeUndefined();
    expect(next.rows).toHaveLength(3);
  });
});
