import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StatusCode, WireClient, WireClientError } from "../../src/client/index.js";
import { freePort } from "../support/startDatabase.js";
import { startTestServer, type TestServer } from "../support/testServer.js";

let t: TestServer;
let client: WireClient;

beforeAll(async () => {
  t = await startTestServer();
  client = new WireClient(t.address);
});
afterAll(async () => {
  client.close();
  await t.close();
});

/** The error a promise rejects with; fails the test if it resolves. */
async function failure(promise: Promise<unknown>): Promise<WireClientError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(WireClientError);
  return outcome as WireClientError;
}

describe("WireClientError", () => {
  it("decodes a permanent request error: code, reason, category, help link, request id, field violation", async () => {
    const error = await failure(client.query("items").where('status == "active"').toArray());
    expect(error).toMatchObject({
      name: "WireClientError",
      code: StatusCode.INVALID_ARGUMENT,
      reason: "INVALID_FILTER",
      category: "request",
      retriable: false,
      retryDelayMs: undefined,
      rowsReceived: 0,
      nextOffset: 0,
    });
    expect(error.message).toMatch(/^invalid filter at column 9: .*Equality is a single =/);
    expect(error.helpLinks[0]?.url).toMatch(/TROUBLESHOOTING\.md#invalid[-_]filter$/i);
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.fieldViolations).toEqual([expect.objectContaining({ field: "filter" })]);
    expect(error.metadata["column"]).toBe("9");
  });

  it("names a missing entity with NOT_FOUND", async () => {
    const error = await failure(client.query("no_such_entity").toArray());
    expect(error).toMatchObject({ code: StatusCode.NOT_FOUND, reason: "ENTITY_NOT_FOUND", category: "schema", retriable: false });
  });

  it("counts the rows received before a mid-stream failure and says where to resume", async () => {
    const seen: unknown[] = [];
    const error = await failure((async () => {
      for await (const row of client.query("blobs").offset(0)) seen.push(row);
    })());
    expect(error).toMatchObject({ code: StatusCode.OUT_OF_RANGE, reason: "ROW_TOO_LARGE", rowsReceived: 2, nextOffset: 2 });
    expect(seen).toHaveLength(2);
  });

  it("decodes the errors of unary calls too", async () => {
    const error = await failure(client.listEntities("pg_catalog"));
    expect(error).toMatchObject({ code: StatusCode.INVALID_ARGUMENT, retriable: false });
    expect(error.message).toMatch(/not exposed/);
  });

  it("marks an exhausted pool retriable with the server's retry delay", async () => {
    const small = await startTestServer({ FRAISEQL_WIRE_POOL_SIZE: "1", FRAISEQL_WIRE_POOL_WAIT_MS: "100" });
    const busy = new WireClient(small.address);
    try {
      const holder = busy.query("numbers").chunkRows(10)[Symbol.asyncIterator]();
      await holder.next(); // the only connection is now streaming
      // Without auto-resume, to see the refusal itself (with it, the SDK would wait and try again).
      const error = await failure(busy.query("items").resume(false).toArray());
      expect(error).toMatchObject({ code: StatusCode.RESOURCE_EXHAUSTED, reason: "TOO_MANY_STREAMS", category: "resource", retriable: true, retryDelayMs: 1000, attempts: 1 });
      await holder.return?.();
      expect(await busy.query("items").toArray()).toHaveLength(10);
    } finally {
      busy.close();
      await small.close();
    }
  });

  it("maps a transport failure without details by its gRPC code", async () => {
    const nowhere = new WireClient(`127.0.0.1:${await freePort()}`, { deadlineMs: 5000 });
    try {
      const error = await failure(nowhere.query("items").toArray());
      expect(error).toMatchObject({ code: StatusCode.UNAVAILABLE, reason: "UNAVAILABLE", category: "connection", retriable: true, helpLinks: [], requestId: undefined });
      // Auto-resume tried again, but only a few times: no server was ever reached.
      expect(error.attempts).toBe(3);
      expect(error.cause).toBeDefined(); // the grpc-js error stays available for logs, but is not what was thrown
      expect(await failure(nowhere.listEntities())).toMatchObject({ reason: "UNAVAILABLE", retriable: true });
    } finally {
      nowhere.close();
    }
  });

  it("ends a call at its deadline: the client default, or the query's own", async () => {
    const impatient = new WireClient(t.address, { deadlineMs: 300 });
    try {
      const started = Date.now();
      const error = await failure(impatient.query("slow").toArray());
      expect(error).toMatchObject({ code: StatusCode.DEADLINE_EXCEEDED, retriable: false, category: "cancelled" });
      expect(Date.now() - started).toBeLessThan(3000);
      expect(await failure(client.query("slow").deadline(200).toArray())).toMatchObject({ code: StatusCode.DEADLINE_EXCEEDED });
      expect(await impatient.query("items").deadline(10_000).toArray()).toHaveLength(10);
    } finally {
      impatient.close();
    }
  });
});
