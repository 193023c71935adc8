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
    // `make test` runs with --coverage and fails under these figures. Code that runs in the processes
    // tests start (the built server, the CLI) counts too: see test/support/coverage/coverageProvider.ts.
    // Nothing under src/ is excluded.
    coverage: {
      provider: "custom",
      customProviderModule: "test/support/coverage/coverageProvider.ts",
      include: ["src/**/*.ts"],
      reporter: ["text-summary", "json-summary", "html"],
      thresholds: { lines: 85, branches: 80 },
    },
  },
});
