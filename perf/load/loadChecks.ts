import { fixed, int } from "../support/format.js";
import type { ScenarioResult } from "./ScenarioResult.js";
import type { SoakResult } from "./runSoak.js";

export interface Check {
  readonly name: string;
  readonly measured: string;
  readonly passed: boolean;
}

export interface CheckLimits {
  /** Slowest ÷ fastest aggregate rows/s across the concurrency levels (shared 2-core machines: 0.6). */
  readonly steadyRatio: number;
  /** Largest tolerated RSS growth over the soak's second half (bytes). */
  readonly maxSoakGrowth: number;
}

/**
 * Pass/fail of a load run: every stream complete and error-free, throughput steady across
 * concurrency levels, and a soak whose RSS stops growing once the server is warm.
 */
export function loadChecks(scenarios: readonly ScenarioResult[], concurrencyNames: readonly string[], soak: SoakResult | undefined, limits: CheckLimits): Check[] {
  const checks: Check[] = scenarios.map((s) => ({
    name: `${s.name}: every stream complete, no errors`,
    measured: s.errors.length === 0 ? `${int(s.rows)} rows` : s.errors.slice(0, 3).join("; "),
    passed: s.errors.length === 0,
  }));
  const levels = scenarios.filter((s) => concurrencyNames.includes(s.name));
  if (levels.length > 1) {
    const rates = levels.map((s) => s.rows / s.wallSeconds);
    const ratio = Math.min(...rates) / Math.max(...rates);
    checks.push({
      name: `throughput steady across concurrency levels (slowest ≥ ${limits.steadyRatio}× fastest)`,
      measured: `${fixed(ratio, 2)}× (${rates.map((r) => int(r)).join(" / ")} rows/s)`,
      passed: ratio >= limits.steadyRatio,
    });
  }
  if (soak !== undefined) {
    checks.push(
      { name: "soak: every stream complete or cancelled as asked, no errors", measured: soak.errors.length === 0 ? `${int(soak.streams)} streams` : soak.errors.slice(0, 3).join("; "), passed: soak.errors.length === 0 },
      {
        name: `soak: RSS growth over the second half ≤ ${fixed(limits.maxSoakGrowth / 2 ** 20, 0)} MiB`,
        measured: `${fixed(soak.projectedGrowth / 2 ** 20, 1)} MiB (slope ${fixed((soak.slope * 60) / 2 ** 20, 2)} MiB/min)`,
        passed: soak.projectedGrowth <= limits.maxSoakGrowth,
      },
    );
  }
  return checks;
}
