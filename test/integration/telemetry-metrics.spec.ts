import { readFileSync } from "node:fs";
import { credentials, status, type ServiceError } from "@grpc/grpc-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { QueryServiceClient, type StreamQueryResponse } from "../../generated/fraiseql/wire/v1/query_service.js";
import { freePort } from "../../perf/support/freePort.js";
import { spawnServer, type ServerProcess } from "../../perf/support/serverProcess.js";
import { busyBackends, eventually } from "../support/activeBackends.js";
import { scrapeMetrics, type Scrape } from "../support/scrapeMetrics.js";
import { collect, request } from "../support/testServer.js";

// The Prometheus endpoint (FRAISEQL_WIRE_METRICS_LISTEN) of the built server, scraped over HTTP and
// parsed with a real text-format parser, before and after known calls.
let server: ServerProcess;
let client: QueryServiceClient;
let metricsUrl: string;
let sql: postgres.Sql;

beforeAll(async () => {
  const port = await freePort();
  metricsUrl = `http://127.0.0.1:${port}/metrics`;
  server = await spawnServer({
    DATABASE_URL: inject("databaseUrl"),
    FRAISEQL_WIRE_SCHEMAS: "wire_test",
    FRAISEQL_WIRE_POOL_SIZE: "4",
    FRAISEQL_WIRE_METRICS_LISTEN: `127.0.0.1:${port}`,
    // One process, so one pool of 4: the figures below are exact. The endpoint of a multi-worker
    // server (the primary's, with each worker's series) is tested in workers.spec.ts.
    FRAISEQL_WIRE_WORKERS: "1",
  });
  client = new QueryServiceClient(server.address, credentials.createInsecure());
  sql = postgres(inject("databaseUrl"), { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  client?.close();
  await server?.stop();
  await sql?.end();
});

const scrape = (): Promise<Scrape> => scrapeMetrics(metricsUrl);
const call = (code: number, method = "StreamQuery") => ({ rpc_method: method, rpc_grpc_status_code: String(code) });
const NUMBERS = { fraiseql_entity: "wire_test.numbers" };

describe("Prometheus metrics", () => {
  it("count one stream's rows, bytes and messages, its time to first row and its duration, by the exact amounts", async () => {
    const before = await scrape();
    const outcome = await collect(client, { entity: "numbers", orderBy: "id", limit: 250, chunkRows: 100 });
    expect(outcome.error).toBeUndefined();
    const after = await scrape();
    const delta = (read: (s: Scrape) => number): number => read(after) - read(before);

    expect(delta((s) => s.value("fraiseql_wire_rows_sent_total", NUMBERS))).toBe(250);
    expect(delta((s) => s.value("fraiseql_wire_bytes_sent_total", NUMBERS))).toBe(outcome.rows.reduce((n, r) => n + Buffer.byteLength(r), 0));
    expect(delta((s) => s.count("fraiseql_wire_stream_messages", NUMBERS))).toBe(1);
    expect(delta((s) => s.sum("fraiseql_wire_stream_messages", NUMBERS))).toBe(outcome.messages.length);
    expect(delta((s) => s.count("fraiseql_wire_time_to_first_row", NUMBERS))).toBe(1);
    expect(delta((s) => s.sum("fraiseql_wire_time_to_first_row", NUMBERS))).toBeCloseTo(outcome.messages.at(-1)!.stats!.timeToFirstRowMicros / 1e6, 6);
    expect(delta((s) => s.count("rpc_server_call_duration", call(status.OK)))).toBe(1);
    expect(delta((s) => s.count("db_client_connection_wait_time"))).toBe(1);
    expect(delta((s) => s.value("fraiseql_wire_errors_total"))).toBe(0);
    expect(after.value("fraiseql_wire_streams_active")).toBe(0);
  });

  it("count an error by method, reason and category, with no rows", async () => {
    const before = await scrape();
    const { error } = await collect(client, { entity: "no_such_entity" });
    expect(error?.code).toBe(status.NOT_FOUND);
    const after = await scrape();
    const reason = { rpc_method: "StreamQuery", fraiseql_error_reason: "ENTITY_NOT_FOUND", fraiseql_error_category: "schema" };
    expect(after.value("fraiseql_wire_errors_total", reason) - before.value("fraiseql_wire_errors_total", reason)).toBe(1);
    expect(after.count("rpc_server_call_duration", call(status.NOT_FOUND)) - before.count("rpc_server_call_duration", call(status.NOT_FOUND))).toBe(1);
    expect(after.value("fraiseql_wire_rows_sent_total") - before.value("fraiseql_wire_rows_sent_total")).toBe(0);
  });

  it("show a running stream as active and its connection as used; a cancel is counted as CANCELLED / QUERY_CANCELLED", async () => {
    const before = await scrape();
    const stream = client.streamQuery(request({ entity: "large", chunkRows: 100 }));
    const ended = new Promise<ServiceError>((resolve) => stream.on("error", resolve));
    await new Promise<void>((resolve) =>
      stream.once("data", (_m: StreamQueryResponse) => {
        stream.pause();
        resolve();
      }),
    );
    const during = await scrape();
    expect(during.value("fraiseql_wire_streams_active")).toBe(1);
    expect(during.value("db_client_connection_count", { db_client_connection_state: "used" })).toBe(1);
    expect(during.value("db_client_connection_count", { db_client_connection_state: "idle" })).toBe(3);
    expect(during.value("db_client_connection_max")).toBe(4);
    expect(during.value("db_client_connection_pending_requests")).toBe(0);
    // The server stops fetching once the client's window is full: it is waiting for the client.
    await eventually(() => busyBackends(sql), (b) => b.length === 1 && b[0]!.state === "idle in transaction");

    stream.cancel();
    expect((await ended).code).toBe(status.CANCELLED);
    let after = await scrape();
    for (let i = 0; i < 50 && after.value("fraiseql_wire_streams_active") !== 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await scrape();
    }
    expect(after.value("fraiseql_wire_streams_active")).toBe(0);
    expect(after.value("db_client_connection_count", { db_client_connection_state: "used" })).toBe(0);
    const cancelled = { rpc_method: "StreamQuery", fraiseql_error_reason: "QUERY_CANCELLED", fraiseql_error_category: "cancelled" };
    expect(after.value("fraiseql_wire_errors_total", cancelled) - before.value("fraiseql_wire_errors_total", cancelled)).toBe(1);
    expect(after.count("rpc_server_call_duration", call(status.CANCELLED)) - before.count("rpc_server_call_duration", call(status.CANCELLED))).toBe(1);
    // The client stopped reading: the server waited for it at least once before the cancel.
    expect(after.count("fraiseql_wire_backpressure_wait_duration") - before.count("fraiseql_wire_backpressure_wait_duration")).toBeGreaterThanOrEqual(1);
  });

  it("count ListEntities calls by their own method", async () => {
    const before = await scrape();
    await new Promise<void>((resolve, reject) => client.listEntities({ schema: "" }, (error) => (error ? reject(error) : resolve())));
    const after = await scrape();
    expect(after.count("rpc_server_call_duration", call(status.OK, "ListEntities")) - before.count("rpc_server_call_duration", call(status.OK, "ListEntities"))).toBe(1);
  });

  it("keep cardinality bounded: a storm of unknown entity names adds no series, only to the ENTITY_NOT_FOUND count", async () => {
    const before = await scrape();
    for (let i = 0; i < 30; i++) await collect(client, { entity: `storm_${i}_${Math.random().toString(36).slice(2)}` });
    const after = await scrape();
    const entities = new Set(after.names().flatMap((name) => after.series(name).flatMap((labels) => (labels["fraiseql_entity"] === undefined ? [] : [labels["fraiseql_entity"]]))));
    expect([...entities].every((e) => e.startsWith("wire_test."))).toBe(true);
    expect([...entities].some((e) => e.includes("storm"))).toBe(false);
    const seriesCount = (s: Scrape): number => s.names().reduce((n, name) => n + s.series(name).length, 0);
    expect(seriesCount(after)).toBe(seriesCount(before));
    const notFound = { fraiseql_error_reason: "ENTITY_NOT_FOUND" };
    expect(after.value("fraiseql_wire_errors_total", notFound) - before.value("fraiseql_wire_errors_total", notFound)).toBe(30);
  });

  it("include Node's runtime metrics: event-loop delay and heap", async () => {
    const names = (await scrape()).names();
    expect(names).toEqual(expect.arrayContaining(["nodejs_eventloop_delay_p99", "v8js_memory_heap_used", "target_info"]));
  });

  it("count a resumed stream by entity, and only its own rows", async () => {
    const query = { entity: "numbers", orderBy: "id", limit: 250, chunkRows: 100 };
    const first = await collect(client, query);
    const token = first.messages[0]!.resumeToken;
    expect(token.length).toBeGreaterThan(0);
    const before = await scrape();
    const resumed = await collect(client, { ...query, resumeToken: token });
    expect(resumed.error).toBeUndefined();
    const rest = 250 - first.messages[0]!.rows.length;
    expect(resumed.rows).toHaveLength(rest);
    const after = await scrape();
    expect(after.value("fraiseql_wire_resumes_total", NUMBERS) - before.value("fraiseql_wire_resumes_total", NUMBERS)).toBe(1);
    expect(after.value("fraiseql_wire_rows_sent_total", NUMBERS) - before.value("fraiseql_wire_rows_sent_total", NUMBERS)).toBe(rest);
  });

  // Last in the file: a family appears once it has a measurement, and the calls above made them.
  it("serve every metric the Grafana dashboard and docs/observability.md query", async () => {
    const dashboard = JSON.parse(readFileSync("docs/grafana/fraiseql-wire.json", "utf8")) as { panels: Array<{ targets?: Array<{ expr: string }> }> };
    const guide = readFileSync("docs/observability.md", "utf8");
    const queries = [
      ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)),
      ...[...guide.matchAll(/```promql\n([\s\S]*?)```/g)].map((m) => m[1]!),
    ];
    // Metric names, not label names (a label is followed by =, !=, =~ or !~).
    const used = new Set(queries.flatMap((q) => q.match(/\b(?:fraiseql_wire|rpc_server|db_client|nodejs|v8js)_[a-z0-9_]+\b(?!\s*[=!])/g) ?? []));
    expect(used.size).toBeGreaterThan(10);
    const served = new Set((await scrape()).names());
    // Counted only when a stream loses its database connection, which no test here makes happen.
    const eventOnly = new Set(["fraiseql_wire_db_connections_lost_total"]);
    const unknown = [...used].filter((name) => !served.has(name) && !served.has(name.replace(/_(bucket|sum|count)$/, "")) && !eventOnly.has(name));
    expect(unknown).toEqual([]);
  });
});
