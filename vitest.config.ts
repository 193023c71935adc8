import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.spec.ts"],
    // The fault suite runs under `make stress` (vitest.stress.config.ts), not `make test`.
    exclude: [...configDefaults.exclude, "test/faults/**"],
    globalSetup: ["test/support/globalSetup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration files each start their own server; running them in parallel on 2 cores only adds noise.
    fileParallelism: false,
    env: { OTEL_TRACES_EXPORTER: "none", OTEL_METRICS_EXPORTER: "none", OTEL_LOGS_EXPORTER: "none" },
  },
});
