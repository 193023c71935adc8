import { Metadata, status, type ServiceError } from "@grpc/grpc-js";
import { afterEach, describe, expect, it } from "vitest";
import type { StreamQueryResponse } from "../../generated/fraiseql/wire/v1/query_service.js";
import { expectWireStatus } from "../support/expectWireStatus.js";
import { startLoggedServer, type LoggedServer } from "../support/startLoggedServer.js";
import { collect, request } from "../support/testServer.js";

// Capacity and the life of calls: a full pool, shutdown mid-stream, deadlines and cancels.
const servers: LoggedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function start(env: Record<string, string> = {}): Promise<LoggedServer> {
  const s = await startLoggedServer(env);
  servers.push(s);
  return s;
}
const ended = (call: NodeJS.EventEmitter): Promise<ServiceError | undefined> =>
  new Promise((resolve) => {
    call.on("error", resolve);
    call.on("end", () => resolve(undefined));
  });

describe("capacity and lifecycle errors", () => {
  it("TOO_MANY_STREAMS with QuotaFailure when every pooled connection is streaming", async () => {
    const s = await start({ FRAISEQL_WIRE_POOL_SIZE: "1", FRAISEQL_WIRE_POOL_WAIT_MS: "200" });
    const holder = s.client.streamQuery(request({ entity: "slow" }));
    const holderEnded = ended(holder);
    holder.on("data", () => {});
    await new Promise((r) => setTimeout(r, 200));
    const { error } = await collect(s.client, { entity: "items" });
    const details = expectWireStatus(error, { code: status.RESOURCE_EXHAUSTED, reason: "TOO_MANY_STREAMS", category: "resource", retriable: true, hint: "raise FRAISEQL_WIRE_POOL_SIZE" });
    expect(error?.details).toMatch(/^all 1 database connections are busy with other streams and none became free within 200 ms\./);
    expect(details.errorInfo[0]?.metadata).toMatchObject({ poolSize: "1", waitMs: "200", rowsReceived: "0" });
    expect(details.quotaFailure[0]?.violations[0]).toMatchObject({ subject: "database connections" });
    holder.cancel();
    await holderEnded;
  });

  it("SERVER_SHUTTING_DOWN mid-stream tells a slow reader how many rows the server sent and where to resume", async () => {
    const s = await start();
    const call = s.client.streamQuery(request({ entity: "numbers", chunkRows: 10, orderBy: "n" }));
    const done = ended(call);
    const drained = new Promise((resolve) => call.on("end", resolve));
    let next = 0; // the client's own count: where the rows it processed end
    const first = new Promise<void>((resolve) =>
      call.on("data", (m: StreamQueryResponse) => {
        expect(m.firstRowIndex).toBe(next); // no gap, no repeat
        next += m.rows.length;
        call.pause(); // a slow reader: the server waits on flow control between messages
        setTimeout(() => call.resume(), 5);
        resolve();
      }),
    );
    await first;
    const shutdown = s.server.shutdown(300);
    const error = await done;
    await drained;
    await shutdown;
    const details = expectWireStatus(error, { code: status.UNAVAILABLE, reason: "SERVER_SHUTTING_DOWN", category: "lifecycle", retriable: true, hint: "Retry on another instance" });
    const meta = details.errorInfo[0]!.metadata;
    expect(meta["nextOffset"]).toBe(meta["rowsReceived"]);
    // rowsReceived counts what the server handed to the transport. grpc-js delivers an error status
    // at once and drops messages its reader had not taken yet (Go and Python deliver them first), so
    // a grpc-js client resumes from its own count; it never got more than the server sent.
    expect(next).toBeGreaterThan(0);
    expect(next).toBeLessThanOrEqual(Number(meta["rowsReceived"]));
    expect(Number(meta["rowsReceived"])).toBeLessThan(20000);
  });

  // What a new call sees during the drain (README, "Operating it"): the server stops listening and
  // sends GOAWAY on open connections at once, so gRPC clients take new calls elsewhere. A call on an
  // open connection that the server had already accepted gets SERVER_SHUTTING_DOWN; one that the
  // client library moved gets its own UNAVAILABLE (no connection): which one depends only on timing,
  // and a slow or instrumented machine sees the second. Both are UNAVAILABLE, retriable; none is served.
  it("a new call on an already-open connection during the drain is not served: UNAVAILABLE, and SERVER_SHUTTING_DOWN when the server saw it", async () => {
    const s = await start();
    const holder = s.client.streamQuery(request({ entity: "slow" }));
    const holderEnded = ended(holder);
    holder.on("data", () => {});
    await new Promise((r) => setTimeout(r, 100));
    const shutdown = s.server.shutdown(1000);
    const { error, rows } = await collect(s.client, { entity: "items" });
    expect(rows).toEqual([]);
    expect(error?.code).toBe(status.UNAVAILABLE);
    if (error!.metadata.get("grpc-status-details-bin").length > 0) {
      expectWireStatus(error, { code: status.UNAVAILABLE, reason: "SERVER_SHUTTING_DOWN", category: "lifecycle", retriable: true, hint: "Retry on another instance after a short delay" });
    } else {
      expect(error?.details).toMatch(/No connection established|ECONNREFUSED/);
    }
    await holderEnded;
    await shutdown;
  });

  // DEADLINE_EXCEEDED and QUERY_CANCELLED are the caller's own doing: its gRPC library ends the call
  // locally (no details), and the server stops the query and frees the connection.
  it("DEADLINE_EXCEEDED: the caller's deadline stops the query and the server notices", async () => {
    const s = await start();
    const call = s.client.streamQuery(request({ entity: "slow" }), new Metadata(), { deadline: Date.now() + 300 });
    call.on("data", () => {});
    const error = await ended(call);
    expect(error?.code).toBe(status.DEADLINE_EXCEEDED);
    expect(error?.metadata.get("grpc-status-details-bin")).toEqual([]);
    await new Promise((r) => setTimeout(r, 100));
    expect(s.logs()).toContain("StreamQuery cancelled by the client");
  });

  it("QUERY_CANCELLED: a client's cancel ends its call with CANCELLED and frees the connection", async () => {
    const s = await start({ FRAISEQL_WIRE_POOL_SIZE: "1", FRAISEQL_WIRE_POOL_WAIT_MS: "2000" });
    const call = s.client.streamQuery(request({ entity: "slow" }));
    call.on("data", () => {});
    const done = ended(call);
    await new Promise((r) => setTimeout(r, 200));
    call.cancel();
    expect((await done)?.code).toBe(status.CANCELLED);
    expect((await collect(s.client, { entity: "items", limit: 1 })).rows).toHaveLength(1);
  });
});
