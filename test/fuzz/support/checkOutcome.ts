import { status } from "@grpc/grpc-js";
import { EntityScopes } from "../../../src/auth/EntityScopes.js";
import { reasons } from "../../../src/errors/catalog.js";
import { decodeDetails } from "../../support/decodeDetails.js";
import type { StreamOutcome } from "../../support/testServer.js";

/** The fuzz server's callers, by token: their scopes, and the tenant RLS gives them. */
export const CALLERS: Readonly<Record<string, { readonly name: string; readonly scopes: EntityScopes }>> = {
  "acme-token": { name: "acme", scopes: new EntityScopes(["docs", "open"]) },
  "globex-token": { name: "globex", scopes: new EntityScopes(["fuzz.docs", "fuzz_b.*"]) },
};

// What generated requests may legitimately be answered with. Anything else is a finding: INTERNAL,
// an unmapped or failing database error (QUERY_FAILED, QUERY_LIMIT_EXCEEDED), a role or grant problem.
const EXPECTED = new Set([
  "INVALID_ARGUMENT", "INVALID_FILTER", "INVALID_ORDER_BY", "ENTITY_NOT_FOUND", "ENTITY_FORBIDDEN", "AUTHENTICATION_REQUIRED", "INVALID_CREDENTIALS",
  // A chunk_bytes below a row's size (the generator sends tiny ones).
  "ROW_TOO_LARGE",
]);

/**
 * The exit criteria of `make fuzz` for one call: never INTERNAL or UNKNOWN, always a catalogued
 * reason from the expected set, a refused credential never streams, and no row outside the caller's
 * scopes or tenant (rows name their view and tenant, see fuzz.sql). Returns the problem, if any.
 */
export function checkOutcome(token: string | undefined, outcome: StreamOutcome): string | undefined {
  const caller = token === undefined ? undefined : CALLERS[token];
  if (outcome.error !== undefined) {
    const { code, details } = outcome.error;
    if (code === status.INTERNAL || code === status.UNKNOWN) return `status ${code}: ${details}`;
    let reason: string | undefined;
    try {
      reason = decodeDetails(outcome.error).errorInfo[0]?.reason;
    } catch {
      return `status ${code} without google.rpc details: ${details}`;
    }
    if (reason === undefined || !(reasons as string[]).includes(reason)) return `status ${code} with no catalogued reason: ${details}`;
    if (!EXPECTED.has(reason)) return `unexpected ${reason}: ${details}`;
    if (caller === undefined && code !== status.UNAUTHENTICATED) return `a call without a valid token got ${reason} instead of UNAUTHENTICATED`;
    if (outcome.rows.length > 0 && caller === undefined) return "rows reached a call without a valid token";
  } else {
    if (caller === undefined) return "a call without a valid token succeeded";
    const last = outcome.messages.at(-1);
    if (last?.stats === undefined) return "the stream ended without its stats message";
  }
  for (const text of outcome.rows) {
    let row: { view?: unknown; tenant?: unknown; secret?: unknown };
    try {
      row = JSON.parse(text) as typeof row;
    } catch {
      return `a row is not JSON: ${text.slice(0, 80)}`;
    }
    if (caller === undefined) return "a row reached an unauthenticated call";
    const view = typeof row.view === "string" ? row.view : "";
    const [schema = "", name = ""] = view.split(".");
    if (!caller.scopes.mayRead(schema, name)) return `caller ${caller.name} received a row of ${view || "an unknown view"}, outside its scopes`;
    if (view === "fuzz.docs" && row.tenant !== caller.name) return `caller ${caller.name} received a row of tenant ${String(row.tenant)}`;
    if (row.secret !== undefined) return "a secret row was sent";
  }
  return undefined;
}
