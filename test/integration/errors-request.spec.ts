import { status, type ServiceError } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectWireStatus } from "../support/expectWireStatus.js";
import { collect, startTestServer, type TestServer } from "../support/testServer.js";

// Errors a caller causes and fixes by changing the request: each produced through the real server.
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

const failure = async (request: Parameters<typeof collect>[1]): Promise<ServiceError | undefined> => (await collect(t.client, request)).error;

describe("request errors", () => {
  it("INVALID_FILTER points at the column of the fault in a BadRequest violation on field filter", async () => {
    const error = await failure({ entity: "items", filter: 'status = "active" AND priority >=' });
    const details = expectWireStatus(error, { code: status.INVALID_ARGUMENT, reason: "INVALID_FILTER", category: "request", retriable: false, hint: /Example: / });
    expect(error?.details).toMatch(/^invalid filter at column 34: expected a value .* after ">=", found end of input/);
    expect(details.badRequest[0]?.fieldViolations).toEqual([expect.objectContaining({ field: "filter", description: expect.stringMatching(/^column 34: /) })]);
    expect(details.errorInfo[0]?.metadata).toMatchObject({ column: "34" });
  });

  it("INVALID_ORDER_BY names the column and field order_by", async () => {
    const error = await failure({ entity: "items", orderBy: "priority sideways" });
    const details = expectWireStatus(error, { code: status.INVALID_ARGUMENT, reason: "INVALID_ORDER_BY", category: "request", retriable: false, hint: /Example: / });
    expect(error?.details).toMatch(/^invalid order_by at column \d+/);
    expect(details.badRequest[0]?.fieldViolations[0]?.field).toBe("order_by");
  });

  it("INVALID_ARGUMENT names the field and how to fill it", async () => {
    const error = await failure({ entity: "" });
    const details = expectWireStatus(error, { code: status.INVALID_ARGUMENT, reason: "INVALID_ARGUMENT", category: "request", retriable: false, hint: "ListEntities lists them" });
    expect(details.badRequest[0]?.fieldViolations[0]?.field).toBe("entity");
    expect(details.errorInfo[0]?.metadata["field"]).toBe("entity");
  });

  it("INVALID_ARGUMENT on ListEntities for a schema that is not exposed", async () => {
    const error = await new Promise<ServiceError>((resolve) => t.client.listEntities({ schema: "pg_catalog" }, (e) => resolve(e!)));
    const details = expectWireStatus(error, { code: status.INVALID_ARGUMENT, reason: "INVALID_ARGUMENT", category: "request", retriable: false, hint: "exposed: [wire_test, test_staging]" });
    expect(details.badRequest[0]?.fieldViolations[0]?.field).toBe("schema");
  });

  it("ENTITY_NOT_FOUND says where it looked, suggests the closest name and carries ResourceInfo", async () => {
    const error = await failure({ entity: "projets" });
    const details = expectWireStatus(error, { code: status.NOT_FOUND, reason: "ENTITY_NOT_FOUND", category: "schema", retriable: false, hint: 'Did you mean "projects"?' });
    expect(error?.details).toBe(
      'entity "projets" not found: no view v_projets or tv_projets in schemas [wire_test, test_staging]. Did you mean "projects"? ListEntities lists what this server exposes.',
    );
    expect(details.errorInfo[0]?.metadata).toMatchObject({ entity: "projets", schemas: "wire_test,test_staging", suggestion: "projects" });
    expect(details.resourceInfo[0]).toMatchObject({ resourceType: "entity", resourceName: "projets" });
  });

  it.each([
    ["no_data", 'no column named "data"'],
    ["text_data", '"data" column has type text'],
    ["extra_column", 'extra column "extra"'],
  ])("INVALID_RESULT_SCHEMA names view v_%s, its problem and the shape to create", async (entity, problem) => {
    const error = await failure({ entity });
    const details = expectWireStatus(error, {
      code: status.FAILED_PRECONDITION,
      reason: "INVALID_RESULT_SCHEMA",
      category: "schema",
      retriable: false,
      hint: `CREATE OR REPLACE VIEW wire_test.v_${entity} AS SELECT id, <json expression> AS data`,
    });
    expect(error?.details).toContain(problem);
    expect(details.errorInfo[0]?.metadata).toMatchObject({ entity, schema: "wire_test", view: `v_${entity}` });
  });

  it("ROW_TOO_LARGE after the rows before it, with the row's size, the cap and rowsReceived/nextOffset", async () => {
    const outcome = await collect(t.client, { entity: "blobs", orderBy: "", offset: 0 });
    const details = expectWireStatus(outcome.error, { code: status.OUT_OF_RANGE, reason: "ROW_TOO_LARGE", category: "resource", retriable: false, hint: /Request a larger chunk_bytes \(at least \d+, this server allows up to 4000000\)/ });
    expect(outcome.rows).toHaveLength(2);
    expect(details.errorInfo[0]?.metadata).toMatchObject({ rowIndex: "2", chunkBytes: "1048576", maxChunkBytes: "4000000", rowsReceived: "2", nextOffset: "2" });
  });
});
