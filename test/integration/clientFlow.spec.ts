import { InterceptingCall, ListenerBuilder, RequesterBuilder, type Interceptor } from "@grpc/grpc-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WireClient, WireClientError } from "../../src/client/index.js";
import { busyBackends, eventually } from "../support/activeBackends.js";
import { startTestServer, type TestServer } from "../support/testServer.js";

let t: TestServer;
let sql: postgres.Sql;

beforeAll(async () => {
  t = await startTestServer();
  sql = postgres(t.databaseUrl, { max: 2, onnotice: () => {} });
});
afterAll(async () => {
  await t.close();
  await sql.end();
});

/** Counts the messages grpc-js hands up from the transport, i.e. what the client has received. */
function countingInterceptor(counter: { started?: number; received: number }): Interceptor {
  return (options, nextCall) =>
    new InterceptingCall(
      nextCall(options),
      new RequesterBuilder()
        .withStart((metadata, listener, next) => {
          counter.started = (counter.started ?? 0) + 1;
          next(metadata, new ListenerBuilder().withOnReceiveMessage((message, pass) => {
            counter.received++;
            pass(message);
          }).build());
        })
        .build(),
    );
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("flow control and cancellation", () => {
  it("a slow consumer keeps the client's buffer bounded while the server has many more rows", async () => {
    const counter = { received: 0 };
    const client = new WireClient(t.address, { channelOptions: { interceptors: [countingInterceptor(counter)] } });
    try {
      let consumed = 0;
      let mostAhead = 0;
      // 20000 rows in messages of 10: 2001 messages the server would like to send.
      for await (const chunk of client.query("numbers").orderBy("n").chunkRows(10).chunks()) {
        consumed++;
        await pause(10);
        mostAhead = Math.max(mostAhead, counter.received - consumed);
        if (consumed === 60) break;
        expect(chunk.stats).toBeUndefined();
      }
      // grpc-js's Readable buffers up to 16 messages; anything beyond that would mean we read ahead.
      expect(mostAhead).toBeLessThanOrEqual(20);
      expect(counter.received).toBeLessThan(100);
    } finally {
      client.close();
    }
  });

  it("aborting the signal mid-stream cancels the call and returns the server's connection", async () => {
    const client = new WireClient(t.address);
    try {
      const controller = new AbortController();
      let rows = 0;
      const error = await (async () => {
        for await (const _ of client.query("large").chunkRows(100).signal(controller.signal)) {
          if (++rows === 250) controller.abort(new Error("user pressed stop"));
        }
      })().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WireClientError);
      expect(error).toMatchObject({ reason: "QUERY_CANCELLED", category: "cancelled", retriable: false, rowsReceived: expect.any(Number) });
      expect((error as Error).cause).toEqual(new Error("user pressed stop"));
      expect(rows).toBe(250);
      expect(await eventually(() => busyBackends(sql), (b) => b.length === 0)).toEqual([]);
    } finally {
      client.close();
    }
  });

  it("an already aborted signal fails before anything is sent", async () => {
    const counter = { started: 0, received: 0 };
    const client = new WireClient(t.address, { channelOptions: { interceptors: [countingInterceptor(counter)] } });
    try {
      const error = await client.query("items").signal(AbortSignal.abort()).toArray().catch((e: unknown) => e);
      expect(error).toMatchObject({ reason: "QUERY_CANCELLED", rowsReceived: 0 });
      expect(counter.started).toBe(0);
    } finally {
      client.close();
    }
  });

  it("breaking out of the loop cancels the stream and frees the pooled connection", async () => {
    const small = await startTestServer({ FRAISEQL_WIRE_POOL_SIZE: "1", FRAISEQL_WIRE_POOL_WAIT_MS: "3000" });
    const client = new WireClient(small.address);
    try {
      for await (const _ of client.query("large").chunkRows(100)) break;
      // With a pool of one, this only succeeds once the first stream has given its connection back.
      expect(await client.query("items").toArray()).toHaveLength(10);
    } finally {
      client.close();
      await small.close();
    }
  });
});
