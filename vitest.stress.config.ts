import { defineConfig } from "vitest/config";

// `make stress`: the fault suite (test/faults). Each file starts its own PostgreSQL, toxiproxy and
// server process, and breaks them on purpose; one file at a time, so faults never overlap.
export default defineConfig({
  test: {
    include: ["test/faults/**/*.spec.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // One retry, reported by vitest as flaky in its output: a fault test fails only if its scenario
    // fails twice in a row. Seen once in seven runs: after `pg_ctl restart -m immediate`, two fresh
    // backends stayed "active" on a FETCH for 20 s (cause not found yet: TESTING_GUIDE.md).
    retry: 1,
    env: { OTEL_TRACES_EXPORTER: "none", OTEL_METRICS_EXPORTER: "none", OTEL_LOGS_EXPORTER: "none" },
  },
});
