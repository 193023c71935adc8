import { status } from "@grpc/grpc-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../support/activeBackends.js";
import { databaseUrlFor } from "../support/databaseUrlFor.js";
import { expectWireStatus } from "../support/expectWireStatus.js";
import { loadSqlFiles } from "../support/loadSqlFiles.js";
import { collect, startTestServer, type TestServer } from "../support/testServer.js";

// The view behind an entity goes away, changes, or may not be read: each produced for real in the
// scratch schema errors_test (test/support/errors_test.sql).
let t: TestServer;
let sql: postgres.Sql;
beforeAll(async () => {
  t = await startTestServer({ FRAISEQL_WIRE_SCHEMAS: "errors_test" });
  await loadSqlFiles(t.databaseUrl, ["test/support/errors_test.sql"]);
  sql = postgres(t.databaseUrl, { max: 2, onnotice: () => {} });
});
afterAll(async () => {
  await t.close();
  await sql.end();
});

describe("schema errors", () => {
  it("a view dropped after the server started answers ENTITY_NOT_FOUND", async () => {
    expect((await collect(t.client, { entity: "doomed" })).rows).toEqual(['{"d": 1}']);
    await sql`drop view errors_test.v_doomed`;
    const { error } = await collect(t.client, { entity: "doomed" });
    const details = expectWireStatus(error, { code: status.NOT_FOUND, reason: "ENTITY_NOT_FOUND", category: "schema", retriable: false, hint: "ListEntities lists what this server exposes" });
    expect(error?.details).toContain('entity "doomed" not found: no view v_doomed or tv_doomed in schema [errors_test]');
    expect(details.resourceInfo[0]?.resourceName).toBe("doomed");
  });

  it("a view dropped while the request was opening it answers ENTITY_CHANGED, retriable", async () => {
    // A migration holds the view's lock (DROP not yet committed): the server finds the view in the
    // catalog, then waits for the lock; the DROP commits, and PostgreSQL no longer finds it (42P01).
    const migration = await sql.reserve();
    try {
      await migration`begin`;
      await migration`drop view errors_test.v_changing`;
      const outcome = collect(t.client, { entity: "changing" });
      await eventually(
        () => sql`select count(*)::int as n from pg_stat_activity where application_name = 'fraiseql-wire' and wait_event_type = 'Lock'`,
        (rows) => rows[0]!["n"] === 1,
      );
      await migration`commit`;
      const { error } = await outcome;
      const details = expectWireStatus(error, { code: status.ABORTED, reason: "ENTITY_CHANGED", category: "schema", retriable: true, hint: /Retry: if a migration re-created it, the request succeeds/ });
      expect(error?.details).toContain('view errors_test.v_changing behind entity "changing" was dropped or replaced while this request was reading it (SQLSTATE 42P01 undefined_table)');
      expect(details.errorInfo[0]?.metadata).toMatchObject({ sqlstate: "42P01", entity: "changing", view: "errors_test.v_changing", rowsReceived: "0" });
      expect(details.resourceInfo[0]).toMatchObject({ resourceType: "view", resourceName: "errors_test.v_changing" });
    } finally {
      migration.release();
    }
  });

  it("a view the server's role may not read answers ENTITY_NOT_READABLE with the GRANT to run", async () => {
    const url = databaseUrlFor(t.databaseUrl, { user: "errors_test_reader", password: "reader-Pw-7f3a" });
    const reader = await startTestServer({ DATABASE_URL: url, FRAISEQL_WIRE_SCHEMAS: "errors_test" });
    try {
      expect((await collect(reader.client, { entity: "open" })).rows).toHaveLength(3);
      const { error } = await collect(reader.client, { entity: "secret" });
      const details = expectWireStatus(error, {
        code: status.PERMISSION_DENIED,
        reason: "ENTITY_NOT_READABLE",
        category: "authorization",
        retriable: false,
        hint: "GRANT SELECT ON errors_test.v_secret TO <server role>",
        secrets: ["reader-Pw-7f3a"],
      });
      expect(error?.details).toContain('the server\'s database role may not read view errors_test.v_secret behind entity "secret" (SQLSTATE 42501 insufficient_privilege)');
      expect(details.errorInfo[0]?.metadata).toMatchObject({ sqlstate: "42501", entity: "secret", view: "errors_test.v_secret" });
    } finally {
      await reader.close();
    }
  });
});
