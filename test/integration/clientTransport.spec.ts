import { Metadata, Server, ServerCredentials, status, type ServerWritableStream, type ServerUnaryCall, type sendUnaryData } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  QueryServiceService,
  type ListEntitiesRequest,
  type ListEntitiesResponse,
  type StreamQueryRequest,
  type StreamQueryResponse,
} from "../../generated/fraiseql/wire/v1/query_service.js";
import { WireClient, WireClientError } from "../../src/client/index.js";

// A stand-in server for what the real one never does: end a stream without its stats message (as a
// proxy that drops the connection might), fail without rich details, send rows without resume tokens
// (as a server older than them), or ignore the token of a resumed call.
let server: Server;
let address: string;
const seen: Metadata[] = [];

beforeAll(async () => {
  server = new Server();
  server.addService(QueryServiceService, {
    streamQuery: (call: ServerWritableStream<StreamQueryRequest, StreamQueryResponse>) => {
      seen.push(call.metadata);
      // "ignores-token" sends a token but starts every call at row 0, as a server that ignores tokens would.
      const token = call.request.entity === "ignores-token" ? Buffer.from("position") : Buffer.alloc(0);
      call.write({ rows: ['{"a":1}', '{"a":2}'], firstRowIndex: 0, stats: undefined, resumeToken: token });
      if (call.request.entity === "cut") return call.end();
      call.emit("error", { code: status.UNAVAILABLE, details: "upstream connect error" });
    },
    listEntities: (call: ServerUnaryCall<ListEntitiesRequest, ListEntitiesResponse>, callback: sendUnaryData<ListEntitiesResponse>) => {
      seen.push(call.metadata);
      callback({ code: status.PERMISSION_DENIED, details: "no entry" });
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
  );
  address = `127.0.0.1:${port}`;
});
afterAll(() => server.forceShutdown());

describe("WireClient against streams the real server never sends", () => {
  it("a stream that ends without its stats message fails as cut short, with where to resume", async () => {
    const client = new WireClient(address);
    const rows: unknown[] = [];
    const error = await (async () => {
      for await (const row of client.query("cut").offset(40)) rows.push(row);
    })().catch((e: unknown) => e);
    client.close();
    expect(rows).toEqual([{ a: 1 }, { a: 2 }]);
    expect(error).toBeInstanceOf(WireClientError);
    expect(error).toMatchObject({ reason: "STREAM_INTERRUPTED", retriable: true, rowsReceived: 2, nextOffset: 42 });
    expect((error as Error).message).toMatch(/without its final stats message after 2 rows/);
  });

  it("a status without rich details is mapped by its code, with the client's own row count", async () => {
    const client = new WireClient(address);
    const error = await client.query("broken").toArray().catch((e: unknown) => e);
    const denied = await client.listEntities().catch((e: unknown) => e);
    client.close();
    expect(error).toMatchObject({ code: status.UNAVAILABLE, reason: "UNAVAILABLE", category: "connection", retriable: true, rowsReceived: 2, nextOffset: 2, message: "upstream connect error" });
    expect(denied).toMatchObject({ code: status.PERMISSION_DENIED, reason: "PERMISSION_DENIED", category: "authentication", retriable: false });
  });

  it("rows without resume tokens are not resumed: the failure reaches the caller as it is", async () => {
    const client = new WireClient(address);
    const query = client.query("broken");
    await query.toArray().catch(() => {});
    client.close();
    expect(query.attempts).toBe(1);
  });

  it("a resumed call that does not start where the last one stopped fails RESUME_MISMATCH, and no row is delivered twice", async () => {
    const client = new WireClient(address);
    const rows: unknown[] = [];
    const query = client.query("ignores-token");
    const error = await (async () => {
      for await (const row of query) rows.push(row);
    })().catch((e: unknown) => e);
    client.close();
    expect(rows).toEqual([{ a: 1 }, { a: 2 }]);
    expect(error).toMatchObject({ reason: "RESUME_MISMATCH", retriable: false, rowsReceived: 2, nextOffset: 2, attempts: 2 });
    expect((error as Error).message).toMatch(/started at row 0 instead of row 2/);
  });

  it("sends the bearer token and extra metadata with every call", async () => {
    seen.length = 0;
    const client = new WireClient(address, { token: "s3cret", metadata: { "x-tenant": "acme" } });
    await client.query("cut").toArray().catch(() => {});
    await client.listEntities().catch(() => {});
    client.close();
    expect(seen.map((m) => m.get("authorization"))).toEqual([["Bearer s3cret"], ["Bearer s3cret"]]);
    expect(seen.map((m) => m.get("x-tenant"))).toEqual([["acme"], ["acme"]]);
  });

  it("with tls on, a plaintext server is unreachable rather than silently insecure", async () => {
    const client = new WireClient(address.replace("127.0.0.1", "localhost"), { tls: true, deadlineMs: 3000 });
    const error = await client.listEntities().catch((e: unknown) => e);
    client.close();
    expect(error).toBeInstanceOf(WireClientError);
    expect(error).toMatchObject({ code: status.UNAVAILABLE });
  });
});
