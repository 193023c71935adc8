import { fixed, int, mib } from "../support/format.js";
import type { Table } from "../support/Table.js";
import type { Check } from "./loadChecks.js";
import type { ScenarioResult } from "./ScenarioResult.js";
import type { SoakResult } from "./runSoak.js";

const MB = 1e6;

/** The load run's tables: one line per scenario, the soak, and the checks. */
export function loadTables(scenarios: readonly ScenarioResult[], soak: SoakResult | undefined, checks: readonly Check[]): Table[] {
  const tables: Table[] = [
    {
      title: "Load scenarios (one server, FRAISEQL_WIRE_POOL_SIZE=12; each stream on its own HTTP/2 connection)",
      header: ["scenario", "rows/s (all streams)", "MB/s", "per stream rows/s min–max", "first msg p50/max ms", "server TTFR p50 ms", "peak RSS MiB (+ over idle)", "server CPU s (% of a core)", "errors"],
      rows: scenarios.map((s) => [
        s.name,
        int(s.rows / s.wallSeconds),
        fixed(s.bytes / s.wallSeconds / MB, 1),
        `${int(s.streamRowsPerSecond.min)}–${int(s.streamRowsPerSecond.max)}`,
        `${fixed(s.firstMessageMs.p50, 1)} / ${fixed(s.firstMessageMs.max, 1)}`,
        fixed(s.serverFirstRowMs.p50, 1),
        `${mib(s.serverPeakRss)} (+${mib(s.serverPeakRss - s.serverIdleRss)})`,
        `${fixed(s.serverCpuSeconds, 2)} (${fixed((100 * s.serverCpuSeconds) / s.wallSeconds, 0)}%)`,
        String(s.errors.length),
      ]),
    },
  ];
  if (soak !== undefined) {
    const first = soak.windowPeaks[0]?.rss ?? Number.NaN;
    const last = soak.windowPeaks.at(-1)?.rss ?? Number.NaN;
    tables.push({
      title: `Soak: ${fixed(soak.seconds / 60, 1)} min of waves (4 × 100K complete + 2 full scans cancelled after 20 messages)`,
      header: ["waves", "streams", "rows", "rows/s", "RSS first → last window peak MiB", "slope, 2nd half MiB/min", "growth over 2nd half MiB", "server CPU %", "errors"],
      rows: [
        [
          int(soak.waves),
          int(soak.streams),
          int(soak.rows),
          int(soak.rows / soak.seconds),
          `${mib(first)} → ${mib(last)}`,
          fixed((soak.slope * 60) / 2 ** 20, 2),
          fixed(soak.projectedGrowth / 2 ** 20, 1),
          fixed((100 * soak.serverCpuSeconds) / soak.seconds, 0),
          String(soak.errors.length),
        ],
      ],
    });
  }
  tables.push({ title: "Checks", header: ["check", "measured", "passed"], rows: checks.map((c) => [c.name, c.measured, c.passed ? "yes" : "FAILED"]) });
  return tables;
}
