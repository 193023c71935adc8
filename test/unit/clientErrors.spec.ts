import { Metadata } from "@grpc/grpc-js";
import { describe, expect, test } from "vitest";
import { ErrorInfo, Help, RetryInfo } from "../../generated/google/rpc/error_details.js";
import { Status } from "../../generated/google/rpc/status.js";
import { toWireClientError } from "../../src/client/toWireClientError.js";
import { WireClientError } from "../../src/client/WireClientError.js";

const any = <T>(name: string, type: { encode(m: T): { finish(): Uint8Array } }, message: T) => ({
  typeUrl: `type.googleapis.com/google.rpc.${name}`,
  value: Buffer.from(type.encode(message).finish()),
});

function serviceError(code: number, details: string, status?: Uint8Array): { code: number; details: string; metadata: Metadata } {
  const metadata = new Metadata();
  if (status !== undefined) metadata.set("grpc-status-details-bin", Buffer.from(status));
  return { code, details, metadata };
}

describe("toWireClientError", () => {
  test("reads reason, category, retriable, retry delay, help and counts from the rich details", () => {
    const status = Status.encode({
      code: 8,
      message: "all 10 pooled connections are streaming",
      details: [
        any("ErrorInfo", ErrorInfo, { reason: "TOO_MANY_STREAMS", domain: "wire.fraiseql.dev", metadata: { category: "resource", retriable: "true", rowsReceived: "7", nextOffset: "17" } }),
        any("RetryInfo", RetryInfo, { retryDelay: { seconds: 1, nanos: 500_000_000 } }),
        any("Help", Help, { links: [{ description: "Troubleshooting", url: "https://example.test/t#too-many-streams" }] }),
        { typeUrl: "type.googleapis.com/google.rpc.Unknown", value: Buffer.from([1, 2, 3]) },
      ],
    }).finish();
    const error = toWireClientError(serviceError(8, "all 10 pooled connections are streaming", status));
    expect(error).toBeInstanceOf(WireClientError);
    expect(error).toMatchObject({
      code: 8,
      reason: "TOO_MANY_STREAMS",
      category: "resource",
      retriable: true,
      retryDelayMs: 1500,
      rowsReceived: 7,
      nextOffset: 17,
      message: "all 10 pooled connections are streaming",
      helpLinks: [{ description: "Troubleshooting", url: "https://example.test/t#too-many-streams" }],
    });
  });

  test("a garbled trailer degrades to the plain status instead of hiding the error", () => {
    const error = toWireClientError(serviceError(14, "connection reset", new Uint8Array([0xff, 0xff, 0xff])));
    expect(error).toMatchObject({ code: 14, reason: "UNAVAILABLE", category: "connection", retriable: true, message: "connection reset" });
  });

  test("anything that is not a gRPC status becomes INTERNAL, keeping the original as cause", () => {
    const original = new TypeError("boom");
    const error = toWireClientError(original);
    expect(error).toMatchObject({ code: 13, reason: "INTERNAL", retriable: false });
    expect(error.cause).toBe(original);
    expect(toWireClientError(error)).toBe(error);
  });

  test("withProgress reports the client's own count and keeps everything else", () => {
    const base = toWireClientError(serviceError(14, "reset"));
    const token = Buffer.from("position");
    const moved = base.withProgress({ rowsReceived: 5, nextOffset: 25, resumeToken: token, attempts: 3 });
    expect(moved).toMatchObject({ reason: "UNAVAILABLE", rowsReceived: 5, nextOffset: 25, resumeToken: token, attempts: 3, message: "reset" });
    expect(moved.cause).toBe(base.cause);
  });
});
