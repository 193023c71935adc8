import type { ServiceError } from "@grpc/grpc-js";
import { expect } from "vitest";
import { catalog, factsOf, type Reason } from "../../src/errors/catalog.js";
import { decodeDetails, type DecodedDetails } from "./decodeDetails.js";

export interface WireExpectation {
  readonly code: number;
  readonly reason: Reason;
  readonly category: string;
  readonly retriable: boolean;
  /** The fix the message must point at. */
  readonly hint: string | RegExp;
  /** Secrets and internals that must not appear anywhere in the status (a password, SQL, a DSN). */
  readonly secrets?: readonly string[];
}

// What never belongs in a status a client sees: the SQL the server ran (its cursor, parameters,
// catalog queries), a connection URL, a stack frame. (Messages may suggest SQL to run: that is a fix.)
const LEAKS = [/fraiseql_wire_rows|no scroll cursor|\$\d+\b|set_config|pg_catalog\.|jsonb_array_elements/i, /postgres(ql)?:\/\//i, /\n\s+at\s|\.[jt]s:\d+/];

/**
 * Asserts an error status the way a careful client would read it: code, the one ErrorInfo (reason,
 * domain, category, retriable), RetryInfo exactly when retriable, the fix in the message, Help
 * pointing at the reason's section, and the details' code and message equal to the status's own.
 */
export function expectWireStatus(error: ServiceError | undefined, e: WireExpectation): DecodedDetails {
  if (error === undefined) throw new Error(`expected ${e.reason}, but the call succeeded`);
  expect({ code: error.code, message: error.details }).toMatchObject({ code: e.code });
  const details = decodeDetails(error);
  expect(details.status.code).toBe(error.code);
  expect(details.status.message).toBe(error.details);
  expect(details.errorInfo).toHaveLength(1);
  const info = details.errorInfo[0]!;
  expect(info.reason).toBe(e.reason);
  expect(info.domain).toBe("wire.fraiseql.dev");
  expect(info.metadata["category"]).toBe(e.category);
  expect(info.metadata["retriable"]).toBe(String(e.retriable));
  for (const key of Object.keys(info.metadata)) expect(key).toMatch(/^[a-z][A-Za-z0-9]*$/);
  expect(details.retryInfo).toHaveLength(e.retriable ? 1 : 0);
  if (e.retriable) {
    const delay = details.retryInfo[0]!.retryDelay!;
    expect(delay.seconds * 1000 + delay.nanos / 1e6).toBe(factsOf(e.reason).retryDelayMs);
  }
  expect({ code: error.code, category: e.category, retriable: e.retriable }).toEqual({
    code: catalog[e.reason].code,
    category: catalog[e.reason].category,
    retriable: catalog[e.reason].retriable,
  });
  if (typeof e.hint === "string") expect(error.details).toContain(e.hint);
  else expect(error.details).toMatch(e.hint);
  expect(details.help[0]?.links[0]?.url).toMatch(new RegExp(`TROUBLESHOOTING\\.md#${e.reason.toLowerCase()}$`));
  expect(details.requestInfo[0]?.requestId).toMatch(/^[0-9a-f-]{36}$/);
  const everything = `${error.details}\n${JSON.stringify(info.metadata)}\n${JSON.stringify(details.resourceInfo)}\n${JSON.stringify(details.badRequest)}`;
  for (const leak of LEAKS) expect(everything).not.toMatch(leak);
  for (const secret of e.secrets ?? []) expect(everything).not.toContain(secret);
  return details;
}
