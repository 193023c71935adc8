import { status } from "@grpc/grpc-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/activeBackends.js";
import { expectWireStatus } from "../support/expectWireStatus.js";
import { loadSqlFiles } from "../support/loadSqlFiles.js";
import { collect, startTestServer, type TestServer } from "../support/testServer.js";

// The query fails inside PostgreSQL: each produced for real by a view of errors_test or by another
// session acting on the server's backend, as a DBA would.
let t: TestServer;
let sql: postgres.Sql;
beforeAll(async () => {
  t = await startTestServer({ FRAISEQL_WIRE_SCHEMAS: "errors_test,wire_test" });
  await loadSqlFiles(t.databaseUrl, ["test/support/errors_test.sql"]);
  sql = postgres(t.databaseUrl, { max: 2, onnotice: () => {} });
});
afterAll(async () => {
  await t.close();
  await sql.end();
});

/** Runs `act` on the server's backend once it is running a FETCH for the stream of `entity`. */
async function onceFetching(entity: string, act: "pg_cancel_backend" | "pg_terminate_backend") {
  const outcome = collect(t.client, { entity });
  const busy = () => sql`select pid from pg_stat_activity where application_name = 'fraiseql-wire' and state = 'active' and (query like 'fetch forward%' or query like 'copy (%')`;
  const [backend] = await eventually(busy, (rows) => rows.length === 1);
  await (act === "pg_cancel_backend" ? sql`select pg_cancel_backend(${backend!["pid"] as number})` : sql`select pg_terminate_backend(${backend!["pid"] as number})`);
  return outcome;
}

describe("query errors", () => {
  it("QUERY_TIMEOUT names the statement timeout and the setting to raise", async () => {
    const timed = await startTestServer({ FRAISEQL_WIRE_STATEMENT_TIMEOUT_MS: "200" });
    try {
      const { error } = await collect(timed.client, { entity: "slow" });
      const details = expectWireStatus(error, { code: status.DEADLINE_EXCEEDED, reason: "QUERY_TIMEOUT", category: "query", retriable: false, hint: "raise FRAISEQL_WIRE_STATEMENT_TIMEOUT_MS on the server" });
      expect(error?.details).toMatch(/^the query on entity "slow" \(view wire_test\.v_slow\) ran longer than the server's statement timeout of 200 ms and PostgreSQL cancelled it \(SQLSTATE 57014 query_canceled\)\./);
      expect(details.errorInfo[0]?.metadata).toMatchObject({ statementTimeoutMs: "200", entity: "slow", view: "wire_test.v_slow", sqlstate: "57014", rowsReceived: "0" });
    } finally {
      await timed.close();
    }
  });

  it("QUERY_CANCELLED_BY_DATABASE when an administrator cancels the server's query", async () => {
    const { error } = await onceFetching("sleepy", "pg_cancel_backend");
    expectWireStatus(error, { code: status.ABORTED, reason: "QUERY_CANCELLED_BY_DATABASE", category: "query", retriable: true, hint: "pg_cancel_backend()" });
  });

  // Once rows have gone out, the same fault is DATABASE_UNAVAILABLE with where to resume:
  // test/integration/faultRecovery.spec.ts.
  it("a connection an administrator terminates before the first row is replaced within the call: the caller gets every row", async () => {
    const { error, rows } = await onceFetching("sleepy", "pg_terminate_backend");
    expect(error?.details).toBeUndefined();
    expect(rows).toHaveLength(5);
    expect((await collect(t.client, { entity: "open" })).rows).toHaveLength(3);
  });

  it("QUERY_FAILED when the view's own SQL fails on a row, without PostgreSQL's text unless debugging", async () => {
    const { error, rows } = await collect(t.client, { entity: "broken" });
    const details = expectWireStatus(error, { code: status.FAILED_PRECONDITION, reason: "QUERY_FAILED", category: "query", retriable: false, hint: "Run SELECT data FROM errors_test.v_broken in psql" });
    expect(error?.details).toContain("SQLSTATE 22012 division_by_zero");
    expect(details.debugInfo).toEqual([]);
    // Row 2 fails: row 1 still arrives, and the status says so.
    expect(rows).toEqual(['{"r": -1}']);
    expect(details.errorInfo[0]?.metadata["rowsReceived"]).toBe("1");
    const debug = await startTestServer({ FRAISEQL_WIRE_SCHEMAS: "errors_test", FRAISEQL_WIRE_DEBUG_ERRORS: "true" });
    try {
      const debugged = expectWireStatus((await collect(debug.client, { entity: "broken" })).error, {
        code: status.FAILED_PRECONDITION, reason: "QUERY_FAILED", category: "query", retriable: false, hint: "SQLSTATE 22012",
      });
      expect(debugged.debugInfo[0]?.detail).toBe("22012: division by zero");
    } finally {
      await debug.close();
    }
  });

  it("QUERY_LIMIT_EXCEEDED when a value passes one of PostgreSQL's limits", async () => {
    const { error } = await collect(t.client, { entity: "too_big" });
    expectWireStatus(error, { code: status.FAILED_PRECONDITION, reason: "QUERY_LIMIT_EXCEEDED", category: "query", retriable: false, hint: "fix the view so that it builds smaller documents" });
    expect(error?.details).toContain("SQLSTATE 54000 program_limit_exceeded");
  });

  it("SERIALIZATION_CONFLICT is retriable after a short delay", async () => {
    const { error } = await collect(t.client, { entity: "conflict" });
    expectWireStatus(error, { code: status.ABORTED, reason: "SERIALIZATION_CONFLICT", category: "query", retriable: true, hint: "Retry the request" });
  });

  it("INTERNAL for what the service cannot classify: a generic message, the cause only in the log", async () => {
    const { error } = await collect(t.client, { entity: "internal" });
    expectWireStatus(error, { code: status.INTERNAL, reason: "INTERNAL", category: "internal", retriable: false, hint: "Report it with the request id", secrets: ["SECRET"] });
  });
});
