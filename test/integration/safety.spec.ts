import { status } from "@grpc/grpc-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeDetails } from "../support/decodeDetails.js";
import { collect, startTestServer, type TestServer } from "../support/testServer.js";

let t: TestServer;
let sql: postgres.Sql;

beforeAll(async () => {
  t = await startTestServer();
  sql = postgres(t.databaseUrl, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await t.close();
  await sql.end();
});

async function canaryIntact(): Promise<void> {
  const rows = await sql`select note from wire_test.canary`;
  expect(rows.map((r) => r["note"])).toEqual(["still here"]);
}

describe("entity resolution", () => {
  it("answers an unknown entity with NOT_FOUND, the schemas searched and a suggestion", async () => {
    const { error } = await collect(t.client, { entity: "itmes" });
    expect(error?.code).toBe(status.NOT_FOUND);
    expect(error?.details).toContain('entity "itmes" not found: no view v_itmes or tv_itmes in schemas [wire_test, test_staging]');
    expect(error?.details).toContain('Did you mean "items"?');
    const details = decodeDetails(error!);
    expect(details.errorInfo[0]?.reason).toBe("ENTITY_NOT_FOUND");
    expect(details.resourceInfo[0]?.resourceName).toBe("itmes");
  });

  it("does not expose views without the entity prefix or outside the exposed schemas", async () => {
    expect((await collect(t.client, { entity: "hidden" })).error?.code).toBe(status.NOT_FOUND);
    expect((await collect(t.client, { entity: "x_hidden" })).error?.code).toBe(status.NOT_FOUND);
    const other = await collect(t.client, { entity: "pg_catalog.tables" });
    expect(other.error?.code).toBe(status.NOT_FOUND);
    expect(other.error?.details).toContain('schema "pg_catalog" is not exposed');
  });

  it.each([
    ["no_data", 'no column named "data"'],
    ["text_data", '"data" column has type text, not json or jsonb'],
    ["extra_column", 'extra column "extra"'],
  ])("refuses the wrongly shaped view v_%s, naming it and the problem", async (entity, problem) => {
    const { error } = await collect(t.client, { entity });
    expect(error?.code).toBe(status.FAILED_PRECONDITION);
    expect(error?.details).toContain(`view wire_test.v_${entity} cannot be streamed`);
    expect(error?.details).toContain(problem);
    expect(decodeDetails(error!).errorInfo[0]?.reason).toBe("INVALID_RESULT_SCHEMA");
  });

  it("rejects an empty entity with INVALID_ARGUMENT on field entity", async () => {
    const { error } = await collect(t.client, { entity: "" });
    expect(error?.code).toBe(status.INVALID_ARGUMENT);
    expect(decodeDetails(error!).badRequest[0]?.fieldViolations[0]?.field).toBe("entity");
  });
});

describe("injection attempts change nothing and return nothing extra", () => {
  it.each([
    "items; drop table wire_test.canary",
    'items" ; drop table wire_test.canary; --',
    "wire_test.items where true; --",
    "items union select note::jsonb from wire_test.canary",
    "wire_test.v_items'--",
  ])("entity %j is just an unknown name", async (entity) => {
    const { error, rows } = await collect(t.client, { entity });
    expect(error?.code === status.NOT_FOUND || error?.code === status.INVALID_ARGUMENT).toBe(true);
    expect(rows).toEqual([]);
    await canaryIntact();
  });

  it.each([
    `name = "x'; drop table wire_test.canary; --"`,
    `name = 'alpha\\' or 1=1 --'`,
    "`name') or true; drop table wire_test.canary; --` = 1",
    `name = "alpha" OR "1" = "1"`,
  ])("filter %j matches literally or is refused", async (filter) => {
    const { error, rows } = await collect(t.client, { entity: "items", filter });
    if (error) expect(error.code).toBe(status.INVALID_ARGUMENT);
    else expect(rows).toEqual([]);
    await canaryIntact();
  });

  it.each([
    "name; drop table wire_test.canary",
    "name desc, (select 1)",
    "`x\"); drop table wire_test.canary; --`",
    "name desc nulls first",
  ])("order_by %j is refused or orders by a harmless path", async (orderBy) => {
    const { error, rows } = await collect(t.client, { entity: "items", orderBy });
    if (error) expect(error.code).toBe(status.INVALID_ARGUMENT);
    else expect(rows).toHaveLength(10);
    await canaryIntact();
  });
});
