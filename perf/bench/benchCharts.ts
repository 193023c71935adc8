import { fixed, int, mib } from "../support/format.js";
import { median } from "../support/stats.js";
import { svgBarChart } from "../support/svgBarChart.js";
import type { BenchResults } from "./BenchResults.js";

const COLORS = { limit: "#7f8c8d", reader: "#2980b9", service: "#27ae60", naive: "#c0392b" } as const;

/** rows/s of every reader, with the 0.7× target line. */
export function throughputChart(r: BenchResults): string {
  const limit = r.throughput.find((c) => c.kind === "limit");
  const limitRate = limit === undefined ? Number.NaN : r.rows / median(limit.runs.map((x) => x.seconds));
  return svgBarChart({
    title: `rows/s reading ${int(r.rows)} JSON rows (${r.machine.cores} cores, ${r.date.slice(0, 10)}); ratio to psql \\copy`,
    bars: r.throughput.map((c) => {
      const rate = r.rows / median(c.runs.map((x) => x.seconds));
      return { label: c.name, value: rate, note: `${int(rate / 1000)}k rows/s · ${fixed(median(c.ratios), 2)}×`, color: COLORS[c.kind] };
    }),
    marker: { value: 0.7 * limitRate, label: "0.7× psql (target)" },
  });
}

/** Peak RSS above idle: the service (flat) next to buffering the whole result. */
export function memoryChart(r: BenchResults): string {
  const bars = r.memory.flatMap((p) => [
    { label: `service, ${int(p.rows)} rows`, value: (p.serverPeak - p.serverIdle) / 2 ** 20, note: `${mib(p.serverPeak - p.serverIdle)} MiB`, color: COLORS.service },
    { label: `naive await sql\`…\`, ${int(p.rows)} rows`, value: (p.naivePeak - p.naiveIdle) / 2 ** 20, note: `${mib(p.naivePeak - p.naiveIdle)} MiB`, color: COLORS.naive },
  ]);
  return svgBarChart({ title: "peak RSS above idle (MiB) while reading N rows", bars, marker: { value: 50, label: "50 MiB (target)" } });
}
