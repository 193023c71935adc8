import { describe, expect, test } from "vitest";
import { channelOptionsFor } from "../../src/client/channelOptionsFor.js";
import { backoffDelay } from "../../src/client/resume/backoffDelay.js";
import { DEFAULT_MAX_ATTEMPTS, DEFAULT_MAX_ELAPSED_MS, toResumePolicy } from "../../src/client/resume/ResumeOptions.js";

describe("backoffDelay", () => {
  test("doubles from 100 ms up to 5 s, each delay between half and all of its ceiling", () => {
    const ceilings = [100, 200, 400, 800, 1_600, 3_200, 5_000, 5_000];
    ceilings.forEach((ceiling, i) => {
      expect(backoffDelay(i + 1, undefined, 0)).toBe(ceiling / 2);
      expect(backoffDelay(i + 1, undefined, 0.999_999)).toBe(ceiling);
    });
  });

  test("never waits less than the server's RetryInfo delay, and spreads clients up to 20% above it", () => {
    expect(backoffDelay(1, 1_000, 0)).toBe(1_000);
    expect(backoffDelay(1, 1_000, 0.5)).toBe(1_100);
    expect(backoffDelay(1, 1_000, 0.999_999)).toBe(1_200);
    // A backoff already longer than the server asked wins.
    expect(backoffDelay(8, 1_000, 0)).toBe(2_500);
  });
});

describe("toResumePolicy", () => {
  test("true is the defaults, false turns resuming off and keeps the limits", () => {
    const on = toResumePolicy(true);
    expect(on).toEqual({ enabled: true, maxAttempts: DEFAULT_MAX_ATTEMPTS, maxElapsedMs: DEFAULT_MAX_ELAPSED_MS, onResume: undefined });
    expect(toResumePolicy(false, toResumePolicy({ maxAttempts: 4 }))).toMatchObject({ enabled: false, maxAttempts: 4 });
    expect(Object.isFrozen(on)).toBe(true);
  });

  test("options change only what they name, and turn resuming back on", () => {
    const onResume = (): void => {};
    const base = toResumePolicy({ maxElapsedMs: 5_000, onResume });
    expect(toResumePolicy({ maxAttempts: 3 }, toResumePolicy(false, base))).toEqual({ enabled: true, maxAttempts: 3, maxElapsedMs: 5_000, onResume });
  });

  test.each([
    [{ maxAttempts: 0 }, /maxAttempts: 0/],
    [{ maxAttempts: 2.5 }, /maxAttempts: 2.5/],
    [{ maxElapsedMs: -1 }, /maxElapsedMs: -1/],
  ])("refuses %o", (options, message) => {
    expect(() => toResumePolicy(options)).toThrow(message);
  });
});

describe("channelOptionsFor", () => {
  test("a dns:/// or ipv4: target gets round_robin; a host:port keeps grpc-js's pick_first", () => {
    expect(JSON.parse(channelOptionsFor("dns:///wire.example:50051", undefined)["grpc.service_config"] as string)).toEqual({ loadBalancingConfig: [{ round_robin: {} }] });
    expect(channelOptionsFor("ipv4:10.0.0.1:50051,10.0.0.2:50051", {})["grpc.service_config"]).toBeDefined();
    expect(channelOptionsFor("wire.example:50051", undefined)["grpc.service_config"]).toBeUndefined();
  });

  test("the caller's own service config and reconnect backoff win", () => {
    const mine = { "grpc.service_config": "{}", "grpc.max_reconnect_backoff_ms": 10_000 };
    expect(channelOptionsFor("dns:///wire.example:50051", mine)).toMatchObject(mine);
    expect(channelOptionsFor("wire.example:50051", undefined)).toMatchObject({ "grpc.initial_reconnect_backoff_ms": 200, "grpc.max_reconnect_backoff_ms": 2_000 });
  });
});
