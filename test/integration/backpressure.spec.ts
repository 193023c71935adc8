import { credentials } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { QueryServiceClient, type StreamQueryResponse } from "../../generated/fraiseql/wire/v1/query_service.js";
import { spawnServer, type ServerProcess } from "../../perf/support/serverProcess.js";
import { request } from "../support/testServer.js";

let server: ServerProcess;
let client: QueryServiceClient;

beforeAll(async () => {
  server = await spawnServer({ DATABASE_URL: inject("databaseUrl"), FRAISEQL_WIRE_SCHEMAS: "wire_test" });
  client = new QueryServiceClient(server.address, credentials.createInsecure());
});
afterAll(async () => {
  client.close();
  expect(await server.stop()).toBe(0);
});

const MB = 1024 * 1024;

describe("a slow reader", () => {
  it("keeps server memory bounded while a 220 MB result waits to be read", async () => {
    const call = client.streamQuery(request({ entity: "large", chunkRows: 500 }));
    call.on("error", () => {});
    let rows = 0;
    await new Promise<void>((resolve) =>
      call.on("data", (m: StreamQueryResponse) => {
        rows += m.rows.length;
        resolve();
      }),
    );
    const before = server.rss();
    // Read slowly: one message at a time with pauses, for about two seconds.
    for (let i = 0; i < 40; i++) {
      call.pause();
      await new Promise((r) => setTimeout(r, 50));
      call.resume();
    }
    const after = server.rss();
    call.cancel();
    // Without backpressure the server would pull the whole result into grpc-js buffers (~220 MB).
    expect(rows).toBeLessThan(1_000_000);
    expect((after - before) / MB).toBeLessThan(64);
  });
});
