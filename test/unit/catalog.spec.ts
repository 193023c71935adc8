import { describe, expect, it } from "vitest";
import { catalog, reasons, type Category, type Reason } from "../../src/errors/catalog.js";
import { Code } from "../../src/errors/Code.js";

// The contract clients branch on. Changing a row here is a breaking change: do it on purpose.
const expected: Record<Reason, [code: keyof typeof Code, category: Category, retriable: boolean]> = {
  INVALID_ARGUMENT: ["INVALID_ARGUMENT", "request", false],
  INVALID_FILTER: ["INVALID_ARGUMENT", "request", false],
  INVALID_ORDER_BY: ["INVALID_ARGUMENT", "request", false],
  INVALID_RESUME_TOKEN: ["INVALID_ARGUMENT", "request", false],
  AUTHENTICATION_REQUIRED: ["UNAUTHENTICATED", "authentication", false],
  INVALID_CREDENTIALS: ["UNAUTHENTICATED", "authentication", false],
  AUTH_KEYS_UNAVAILABLE: ["UNAVAILABLE", "connection", true],
  ENTITY_FORBIDDEN: ["PERMISSION_DENIED", "authorization", false],
  ROLE_NOT_ALLOWED: ["PERMISSION_DENIED", "authorization", false],
  ENTITY_NOT_FOUND: ["NOT_FOUND", "schema", false],
  INVALID_RESULT_SCHEMA: ["FAILED_PRECONDITION", "schema", false],
  ENTITY_CHANGED: ["ABORTED", "schema", true],
  ENTITY_NOT_READABLE: ["PERMISSION_DENIED", "authorization", false],
  ROW_TOO_LARGE: ["OUT_OF_RANGE", "resource", false],
  TOO_MANY_STREAMS: ["RESOURCE_EXHAUSTED", "resource", true],
  TOO_MANY_CALLER_STREAMS: ["RESOURCE_EXHAUSTED", "resource", true],
  DATABASE_RESOURCE_EXHAUSTED: ["RESOURCE_EXHAUSTED", "resource", true],
  QUERY_TIMEOUT: ["DEADLINE_EXCEEDED", "query", false],
  QUERY_FAILED: ["FAILED_PRECONDITION", "query", false],
  QUERY_LIMIT_EXCEEDED: ["FAILED_PRECONDITION", "query", false],
  QUERY_CANCELLED_BY_DATABASE: ["ABORTED", "query", true],
  SERIALIZATION_CONFLICT: ["ABORTED", "query", true],
  DEADLINE_EXCEEDED: ["DEADLINE_EXCEEDED", "cancelled", false],
  QUERY_CANCELLED: ["CANCELLED", "cancelled", false],
  DATABASE_UNAVAILABLE: ["UNAVAILABLE", "connection", true],
  STREAM_INTERRUPTED: ["UNAVAILABLE", "connection", true],
  DATABASE_AUTH_FAILED: ["UNAVAILABLE", "authentication", false],
  DATABASE_TLS_FAILED: ["UNAVAILABLE", "configuration", false],
  DATABASE_NOT_FOUND: ["UNAVAILABLE", "configuration", false],
  SERVER_SHUTTING_DOWN: ["UNAVAILABLE", "lifecycle", true],
  INTERNAL: ["INTERNAL", "internal", false],
  RESUME_MISMATCH: ["INTERNAL", "internal", false],
};

describe("the error catalog", () => {
  it("has exactly the reasons of the contract table", () => {
    expect([...reasons].sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))("pins %s to its code, category and retriability", (reason, [code, category, retriable]) => {
    const facts = catalog[reason as Reason];
    expect({ code: facts.code, category: facts.category, retriable: facts.retriable }).toEqual({ code: Code[code], category, retriable });
  });

  it.each(reasons)("%s is UPPER_SNAKE_CASE of at most 63 characters (AIP-193)", (reason) => {
    expect(reason).toMatch(/^[A-Z][A-Z0-9_]{0,62}$/);
  });

  it.each(reasons)("%s has a retry delay exactly when it is retriable", (reason) => {
    const facts = catalog[reason];
    if (facts.retriable) expect(facts.retryDelayMs).toBeGreaterThan(0);
    else expect("retryDelayMs" in facts).toBe(false);
  });

  it.each(reasons)("%s links to its TROUBLESHOOTING.md heading", (reason) => {
    expect(catalog[reason].help).toBe(reason.toLowerCase());
  });

  it("retries only transient conditions: request, schema-shape and configuration faults are final", () => {
    for (const reason of reasons) {
      const { category, retriable } = catalog[reason];
      if (["request", "configuration", "authentication", "authorization", "internal", "cancelled"].includes(category)) expect(retriable, reason).toBe(false);
      if (category === "connection" || category === "lifecycle") expect(retriable, reason).toBe(true);
    }
  });
});
