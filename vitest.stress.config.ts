import { defineConfig } from "vitest/config";

// `make stress`: the fault suite (test/faults). Each file starts its own PostgreSQL, toxiproxy and
// server process, and breaks them on purpose; one file at a time, so faults never overlap.
export default defineConfig({
  test: {
    include: ["test/faults/**/*.spec.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    env: { OTEL_TRACES_EXPORTER: "none", OTEL_METRICS_EXPORTER: "none", OTEL_LOGS_EXPORTER: "none" },
  },
});
