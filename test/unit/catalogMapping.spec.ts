import { describe, expect, it } from "vitest";
import { toWireError } from "../../src/errors/toWireError.js";
import { WireError } from "../../src/errors/WireError.js";

/** An error shaped like postgres.js's PostgresError, with a message that must never reach a client. */
function pgError(code: string, message = "SECRET select * from t where x = 'private'"): Error {
  return Object.assign(new Error(message), { name: "PostgresError", code, severity: "ERROR" });
}
const context = { entity: "projects", view: "test_staging.v_projects", statementTimeoutMs: 200 };

describe("SQLSTATE → catalog", () => {
  it.each([
    ["08006", "DATABASE_UNAVAILABLE"],
    ["08001", "DATABASE_UNAVAILABLE"],
    ["57P01", "DATABASE_UNAVAILABLE"],
    ["57P02", "DATABASE_UNAVAILABLE"],
    ["57P03", "DATABASE_UNAVAILABLE"],
    ["28P01", "DATABASE_AUTH_FAILED"],
    ["28000", "DATABASE_AUTH_FAILED"],
    ["3D000", "DATABASE_NOT_FOUND"],
    ["53300", "DATABASE_RESOURCE_EXHAUSTED"],
    ["53100", "DATABASE_RESOURCE_EXHAUSTED"],
    ["53200", "DATABASE_RESOURCE_EXHAUSTED"],
    ["54000", "QUERY_LIMIT_EXCEEDED"],
    ["54001", "QUERY_LIMIT_EXCEEDED"],
    ["42501", "ENTITY_NOT_READABLE"],
    ["42P01", "ENTITY_CHANGED"],
    ["42703", "ENTITY_CHANGED"],
    ["42883", "QUERY_FAILED"],
    ["22012", "QUERY_FAILED"],
    ["0A000", "QUERY_FAILED"],
    ["P0001", "QUERY_FAILED"],
    ["40001", "SERIALIZATION_CONFLICT"],
    ["40P01", "SERIALIZATION_CONFLICT"],
    ["25P03", "DATABASE_UNAVAILABLE"],
    ["25P04", "DATABASE_UNAVAILABLE"],
    ["XX000", "INTERNAL"],
    ["58030", "INTERNAL"],
  ])("maps SQLSTATE %s to %s, keeping PostgreSQL's text out of the message", (state, reason) => {
    const wire = toWireError(pgError(state), context);
    expect(wire.reason).toBe(reason);
    expect(wire.metadata["sqlstate"]).toBe(state);
    expect(wire.message).toContain(state);
    expect(wire.message).not.toMatch(/SECRET|select|private/);
    expect(wire.debugDetail).toContain("SECRET");
  });

  it("tells a statement timeout from a cancel by someone else (both are 57014)", () => {
    const timeout = toWireError(pgError("57014", "canceling statement due to statement timeout"), context);
    expect(timeout.reason).toBe("QUERY_TIMEOUT");
    expect(timeout.message).toContain('entity "projects" (view test_staging.v_projects) ran longer than the server\'s statement timeout of 200 ms');
    expect(timeout.message).toContain("FRAISEQL_WIRE_STATEMENT_TIMEOUT_MS");
    expect(timeout.metadata).toMatchObject({ entity: "projects", view: "test_staging.v_projects", statementTimeoutMs: "200" });
    expect(toWireError(pgError("57014", "canceling statement due to user request"), context).reason).toBe("QUERY_CANCELLED_BY_DATABASE");
  });

  it("names the view and the grants to run when the server's role may not read it", () => {
    const wire = toWireError(pgError("42501"), context);
    expect(wire.message).toContain("GRANT SELECT ON test_staging.v_projects TO <server role>");
    expect(wire.message).toContain("GRANT USAGE ON SCHEMA test_staging");
    expect(wire.resource).toMatchObject({ type: "view", name: "test_staging.v_projects" });
  });

  it("still says something useful without a query context", () => {
    const wire = toWireError(pgError("42P01"));
    expect(wire.reason).toBe("ENTITY_CHANGED");
    expect(wire.message).toMatch(/^a view was dropped or replaced/);
    expect(wire.metadata).toEqual({ sqlstate: "42P01" });
  });
});

describe("postgres.js and Node socket errors → catalog", () => {
  const nodeError = (code: string): Error => Object.assign(new Error(`connect ${code} 10.0.0.7:5432 postgres://app:hunter2@db/app`), { code });
  it.each([
    ["ECONNREFUSED", "DATABASE_UNAVAILABLE", /refused/],
    ["ENOTFOUND", "DATABASE_UNAVAILABLE", /does not resolve/],
    ["EAI_AGAIN", "DATABASE_UNAVAILABLE", /DNS/],
    ["ETIMEDOUT", "DATABASE_UNAVAILABLE", /timed out/],
    ["CONNECT_TIMEOUT", "DATABASE_UNAVAILABLE", /FRAISEQL_WIRE_CONNECT_TIMEOUT_MS/],
    ["ECONNRESET", "DATABASE_UNAVAILABLE", /closed or reset/],
    ["EPIPE", "DATABASE_UNAVAILABLE", /closed or reset/],
    ["CONNECTION_CLOSED", "DATABASE_UNAVAILABLE", /resume from nextOffset/],
    ["CONNECTION_ENDED", "DATABASE_UNAVAILABLE", /closed or reset/],
    ["CONNECTION_DESTROYED", "DATABASE_UNAVAILABLE", /closed or reset/],
    ["EHOSTUNREACH", "DATABASE_UNAVAILABLE", /unreachable/],
    ["SASL_SIGNATURE_MISMATCH", "DATABASE_AUTH_FAILED", /SCRAM/],
    ["DEPTH_ZERO_SELF_SIGNED_CERT", "DATABASE_TLS_FAILED", /sslrootcert/],
    ["ERR_TLS_CERT_ALTNAME_INVALID", "DATABASE_TLS_FAILED", /verify-full/],
  ])("maps %s to %s with a hint", (code, reason, hint) => {
    const wire = toWireError(nodeError(code));
    expect(wire.reason).toBe(reason);
    expect(wire.message).toMatch(hint);
    expect(wire.message).toContain(`(${code})`);
    expect(wire.metadata).toEqual({ errorCode: code });
    expect(wire.message).not.toMatch(/10\.0\.0\.7|hunter2|postgres:\/\//);
  });

  it("turns anything unknown into INTERNAL with a generic message and keeps the cause for the log", () => {
    const cause = new TypeError("Cannot read properties of undefined (reading 'rows') at /srv/app/x.js:1");
    const wire = toWireError(cause);
    expect(wire.reason).toBe("INTERNAL");
    expect(wire.message).toBe("internal error: the server logged the cause. Report it with the request id of this call (RequestInfo).");
    expect(wire.cause).toBe(cause);
    expect(toWireError("a string")).toMatchObject({ reason: "INTERNAL" });
    expect(toWireError(Object.assign(new Error("x"), { code: "EWHATEVER" })).reason).toBe("INTERNAL");
  });

  it("passes a WireError through unchanged", () => {
    const original = new WireError("TOO_MANY_STREAMS", "busy", { metadata: { poolSize: 1 } });
    expect(toWireError(original)).toBe(original);
  });
});
