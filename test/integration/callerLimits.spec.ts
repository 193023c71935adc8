import { status, type ServiceError } from "@grpc/grpc-js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryLimits } from "../../src/query/queryLimits.js";
import { eventually } from "../support/activeBackends.js";
import { bearer, sha256 } from "../support/authCalls.js";
import { expectWireStatus } from "../support/expectWireStatus.js";
import { collect, request, startTestServer, type TestServer } from "../support/testServer.js";

const dir = mkdtempSync(join(tmpdir(), "fraiseql-wire-limits-"));
const tokens = join(dir, "tokens.json");
let t: TestServer;

beforeAll(async () => {
  writeFileSync(tokens, JSON.stringify([
    { name: "greedy", sha256: sha256("greedy-token"), entities: ["*"] },
    { name: "polite", sha256: sha256("polite-token"), entities: ["*"] },
  ]));
  t = await startTestServer({ FRAISEQL_WIRE_AUTH: "token", FRAISEQL_WIRE_TOKENS_FILE: tokens, FRAISEQL_WIRE_MAX_STREAMS_PER_CALLER: "2", FRAISEQL_WIRE_POOL_SIZE: "5", FRAISEQL_WIRE_MAX_REQUEST_BYTES: "40000" });
});
afterAll(() => t.close());

const ended = (call: NodeJS.EventEmitter): Promise<ServiceError | undefined> =>
  new Promise((resolve) => {
    call.on("error", resolve);
    call.on("end", () => resolve(undefined));
  });

describe("limits per caller", () => {
  it("refuses a caller's stream beyond FRAISEQL_WIRE_MAX_STREAMS_PER_CALLER with QuotaFailure naming the caller and the limit; others still stream", async () => {
    const held = [0, 1].map(() => {
      const call = t.client.streamQuery(request({ entity: "slow" }), bearer("greedy-token"));
      call.on("data", () => {});
      return { call, done: ended(call) };
    });
    await new Promise((r) => setTimeout(r, 300));
    const { error } = await collect(t.client, { entity: "items" }, bearer("greedy-token"));
    const details = expectWireStatus(error, { code: status.RESOURCE_EXHAUSTED, reason: "TOO_MANY_CALLER_STREAMS", category: "resource", retriable: true, hint: "FRAISEQL_WIRE_MAX_STREAMS_PER_CALLER=2" });
    expect(details.quotaFailure[0]?.violations[0]).toMatchObject({ subject: "caller:token:greedy", description: expect.stringContaining("at most 2") });
    expect(details.errorInfo[0]?.metadata).toMatchObject({ caller: "token:greedy", limit: "2" });
    expect((await collect(t.client, { entity: "items", limit: 1 }, bearer("polite-token"))).error).toBeUndefined();
    for (const h of held) h.call.cancel();
    await Promise.all(held.map((h) => h.done));
    // The cancelled streams give their places back once the server has stopped their queries.
    const again = await eventually(() => collect(t.client, { entity: "items", limit: 1 }, bearer("greedy-token")), (o) => o.error === undefined);
    expect(again.error).toBeUndefined();
  });
});

describe("request limits", () => {
  const polite = bearer("polite-token");

  it("refuses a request larger than FRAISEQL_WIRE_MAX_REQUEST_BYTES with INVALID_ARGUMENT naming the limit", async () => {
    const { error } = await collect(t.client, { entity: "items", orderBy: `${"a".repeat(15_000)}, ${"b".repeat(15_000)}, ${"c".repeat(15_000)}` }, polite);
    const details = expectWireStatus(error, { code: status.INVALID_ARGUMENT, reason: "INVALID_ARGUMENT", category: "request", retriable: false, hint: "FRAISEQL_WIRE_MAX_REQUEST_BYTES" });
    expect(details.errorInfo[0]?.metadata).toMatchObject({ maxRequestBytes: "40000" });
  });

  it("refuses a filter longer than the byte limit, nested too deeply, a path too deep, and too many order_by terms, each with INVALID_ARGUMENT", async () => {
    const long = await collect(t.client, { entity: "items", filter: `name = "${"x".repeat(queryLimits.maxInputBytes)}"` }, polite);
    expectWireStatus(long.error, { code: status.INVALID_ARGUMENT, reason: "INVALID_FILTER", category: "request", retriable: false, hint: `maximum of ${queryLimits.maxInputBytes} bytes` });
    const deep = await collect(t.client, { entity: "items", filter: `${"(".repeat(queryLimits.maxNesting + 1)}a = 1${")".repeat(queryLimits.maxNesting + 1)}` }, polite);
    expectWireStatus(deep.error, { code: status.INVALID_ARGUMENT, reason: "INVALID_FILTER", category: "request", retriable: false, hint: String(queryLimits.maxNesting) });
    const path = await collect(t.client, { entity: "items", filter: `${Array.from({ length: queryLimits.maxPathDepth + 1 }, () => "a").join(".")} = 1` }, polite);
    expectWireStatus(path.error, { code: status.INVALID_ARGUMENT, reason: "INVALID_FILTER", category: "request", retriable: false, hint: String(queryLimits.maxPathDepth) });
    const terms = await collect(t.client, { entity: "items", orderBy: Array.from({ length: queryLimits.maxOrderTerms + 1 }, (_, i) => `k${i}`).join(", ") }, polite);
    expectWireStatus(terms.error, { code: status.INVALID_ARGUMENT, reason: "INVALID_ORDER_BY", category: "request", retriable: false, hint: String(queryLimits.maxOrderTerms) });
  });
});
