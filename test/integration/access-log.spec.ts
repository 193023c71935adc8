import { status, type ServiceError } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StreamQueryResponse } from "../../generated/fraiseql/wire/v1/query_service.js";
import { decodeDetails } from "../support/decodeDetails.js";
import { startLoggedServer, type LoggedServer } from "../support/startLoggedServer.js";
import { collect, request } from "../support/testServer.js";

// One access-log line per RPC at info, with telemetry off (nothing configured): what operators grep.
let s: LoggedServer;
beforeAll(async () => {
  s = await startLoggedServer();
});
afterAll(async () => {
  await s.close();
});

type Line = Record<string, unknown>;
const accessLines = (): Line[] =>
  s
    .logs()
    .split("\n")
    .filter((l) => l.includes('"msg":"access"'))
    .map((l) => JSON.parse(l) as Line);

/** The access lines a step wrote (each step waits for its own line: it is written as the call ends). */
async function linesOf(step: () => Promise<unknown>, count = 1): Promise<Line[]> {
  const before = accessLines().length;
  await step();
  for (let i = 0; i < 100 && accessLines().length < before + count; i++) await new Promise((r) => setTimeout(r, 20));
  return accessLines().slice(before);
}

describe("access log", () => {
  it("writes one line per StreamQuery with method, entity, rows, bytes, duration, time to first row, status, request id and peer; never a filter value", async () => {
    let outcome: Awaited<ReturnType<typeof collect>> | undefined;
    const lines = await linesOf(async () => (outcome = await collect(s.client, { entity: "items", filter: 'name = "Zebra-secret-17" OR owner.name = "Ada"', orderBy: "id" })));
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line).toMatchObject({
      level: 30,
      method: "StreamQuery",
      entity: "items",
      rows: 3,
      bytes: outcome!.rows.reduce((n, r) => n + Buffer.byteLength(r), 0),
      ttfrMs: outcome!.messages.at(-1)!.stats!.timeToFirstRowMicros / 1000,
      status: "OK",
    });
    expect(line["durationMs"]).toBeGreaterThan(0);
    expect(line["requestId"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(line["peer"]).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(line).not.toHaveProperty("reason");
    // Telemetry is off: no span, so no trace ids.
    expect(line).not.toHaveProperty("trace_id");
    // Filter values can be personal data: they are in no log line at all, at any level (debug here).
    expect(s.logs()).not.toContain("Zebra-secret-17");
    expect(JSON.stringify(line)).not.toContain("Ada");
  });

  it("gives a failed call its status and reason, under the request id the client got in RequestInfo", async () => {
    let error: ServiceError | undefined;
    const lines = await linesOf(async () => ({ error } = await collect(s.client, { entity: "no_such_entity" })));
    const requestId = decodeDetails(error!).requestInfo[0]!.requestId;
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ method: "StreamQuery", entity: "no_such_entity", rows: 0, status: "NOT_FOUND", reason: "ENTITY_NOT_FOUND", requestId });
    expect(lines[0]).not.toHaveProperty("ttfrMs");
  });

  it("records a client's cancel as CANCELLED / QUERY_CANCELLED", async () => {
    const lines = await linesOf(async () => {
      const call = s.client.streamQuery(request({ entity: "large", chunkRows: 100 }));
      const ended = new Promise<ServiceError>((resolve) => call.on("error", resolve));
      await new Promise<void>((resolve) => call.once("data", (_m: StreamQueryResponse) => resolve()));
      call.cancel();
      expect((await ended).code).toBe(status.CANCELLED);
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ method: "StreamQuery", entity: "large", status: "CANCELLED", reason: "QUERY_CANCELLED" });
    expect(lines[0]!["rows"]).toBeGreaterThan(0);
  });

  it("writes a line for ListEntities too", async () => {
    const lines = await linesOf(() => new Promise<void>((resolve, reject) => s.client.listEntities({ schema: "" }, (e) => (e ? reject(e) : resolve()))));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ method: "ListEntities", status: "OK", rows: 0 });
  });
});
