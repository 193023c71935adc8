import { describe, expect, it } from "vitest";
import { BadRequest, DebugInfo, ErrorInfo, Help, QuotaFailure, RequestInfo, RetryInfo } from "../../generated/google/rpc/error_details.js";
import { Status } from "../../generated/google/rpc/status.js";
import { catalog, reasons } from "../../src/errors/catalog.js";
import { WireError } from "../../src/errors/WireError.js";
import { toGrpcStatus } from "../../src/server/toGrpcStatus.js";

function decode(error: WireError, debug = false) {
  const status = toGrpcStatus(error, "req-1", debug);
  const details = Status.decode(status.metadata!.get("grpc-status-details-bin")[0] as Buffer);
  const of = <T>(name: string, type: { decode(b: Uint8Array): T }): T[] =>
    details.details.filter((d) => d.typeUrl === `type.googleapis.com/google.rpc.${name}`).map((d) => type.decode(d.value));
  return { status, details, of };
}

describe("the rich status of every reason (AIP-193)", () => {
  it.each(reasons)("%s: one ErrorInfo, RetryInfo only when retriable, Help to its section, code and message equal", (reason) => {
    const { status, details, of } = decode(new WireError(reason, `something about ${reason}. Do this.`, { metadata: { entity: "x", category: "spoofed" } }));
    expect(status.code).toBe(catalog[reason].code);
    expect({ code: details.code, message: details.message }).toEqual({ code: status.code, message: status.details });
    const infos = of("ErrorInfo", ErrorInfo);
    expect(infos).toHaveLength(1);
    expect(infos[0]).toEqual({
      reason,
      domain: "wire.fraiseql.dev",
      metadata: { entity: "x", category: catalog[reason].category, retriable: String(catalog[reason].retriable) },
    });
    const retry = of("RetryInfo", RetryInfo);
    expect(retry).toHaveLength(catalog[reason].retriable ? 1 : 0);
    if (catalog[reason].retriable) {
      const ms = catalog[reason].retryDelayMs!;
      expect(retry[0]!.retryDelay).toEqual({ seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 });
    }
    expect(of("Help", Help)[0]!.links[0]!.url).toBe(`https://github.com/fraiseql/fraiseql-wire/blob/main/TROUBLESHOOTING.md#${catalog[reason].help}`);
    expect(of("RequestInfo", RequestInfo)[0]!.requestId).toBe("req-1");
  });

  it("adds BadRequest for field violations and QuotaFailure for a full pool", () => {
    const bad = decode(new WireError("INVALID_FILTER", "invalid filter at column 3", { fieldViolations: [{ field: "filter", description: "column 3: x" }] }));
    expect(bad.of("BadRequest", BadRequest)[0]!.fieldViolations[0]).toMatchObject({ field: "filter", description: "column 3: x", reason: "INVALID_FILTER" });
    const full = decode(new WireError("TOO_MANY_STREAMS", "busy", { metadata: { poolSize: 4 } }));
    expect(full.of("QuotaFailure", QuotaFailure)[0]!.violations[0]).toMatchObject({ subject: "database connections", description: "all 4 pooled connections are streaming" });
  });

  it("sends PostgreSQL's own text as DebugInfo only when debugging is on", () => {
    const error = new WireError("QUERY_FAILED", "PostgreSQL could not run the query", { debugDetail: "22012: division by zero" });
    expect(decode(error).of("DebugInfo", DebugInfo)).toEqual([]);
    expect(decode(error, true).of("DebugInfo", DebugInfo)[0]!.detail).toBe("22012: division by zero");
  });
});
