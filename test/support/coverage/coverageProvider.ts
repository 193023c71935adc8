import { existsSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import v8 from "@vitest/coverage-v8";
import type { CoverageMap } from "istanbul-lib-coverage";
import type { CoverageProviderModule } from "vitest/node";
import { childCoverageDir } from "./childCoverageDir.js";

/**
 * vitest's V8 coverage, plus the code that runs in the processes tests start: the built server
 * (dist/src/main.js) and the CLI. Test workers set NODE_V8_COVERAGE, so every such child writes its
 * coverage on exit; the report adds it to the in-process coverage before the thresholds are checked.
 * Used by `make test` (vitest run --coverage); a plain `vitest run` collects nothing.
 */
const provider: CoverageProviderModule = {
  ...v8,
  startCoverage(options) {
    // In the test worker, before any test starts a child: children inherit the worker's env.
    process.env["NODE_V8_COVERAGE"] = childCoverageDir;
    return v8.startCoverage?.(options);
  },
  async getProvider() {
    // Loaded here, in vitest's main process only, not in every test worker.
    const [{ addCoverage }, { readChildCoverage }] = await Promise.all([import("./addCoverage.js"), import("./readChildCoverage.js")]);
    const base = await v8.getProvider();
    // The provider's name becomes coverage.provider in the workers' config: "custom" makes them load
    // this module (and its startCoverage) rather than @vitest/coverage-v8's.
    base.name = "custom";
    const clean = base.clean.bind(base);
    const generateCoverage = base.generateCoverage.bind(base);
    base.clean = async (...args) => {
      await rm(childCoverageDir, { recursive: true, force: true });
      await clean(...args);
    };
    base.generateCoverage = async (context) => {
      const map = (await generateCoverage(context)) as CoverageMap;
      const processes = existsSync(childCoverageDir) ? (await readdir(childCoverageDir)).length : 0;
      const before = map.getCoverageSummary();
      const children = await readChildCoverage(childCoverageDir, process.cwd());
      const included = new Set(map.files());
      // Only files vitest includes (coverage.include/exclude); on a partial run, whatever children ran.
      children.filter((file) => included.has(file) || (!context.allTestsRun && file.startsWith(`${process.cwd()}/src/`)));
      addCoverage(map, children);
      const after = map.getCoverageSummary();
      const pct = (s: typeof after): string => `lines ${s.lines.pct}%, branches ${s.branches.pct}%`;
      process.stdout.write(`coverage: in the test process ${pct(before)}; with ${processes} server and CLI processes ${pct(after)}\n`);
      await rm(childCoverageDir, { recursive: true, force: true });
      return map;
    };
    return base;
  },
};

export default provider;
