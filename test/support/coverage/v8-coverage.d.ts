// @bcoe/v8-coverage ships no types; the one function used here (the same @vitest/coverage-v8 uses).
declare module "@bcoe/v8-coverage" {
  import type { Profiler } from "node:inspector";
  export interface ProcessCov {
    result: Profiler.ScriptCoverage[];
  }
  /** Merges the coverage of several processes into one, summing the counts of the same script. */
  export function mergeProcessCovs(processCovs: readonly ProcessCov[]): ProcessCov;
}
