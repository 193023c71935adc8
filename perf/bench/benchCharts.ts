import { fixed, int, mib } from "../support/format.js";
import { median } from "../support/stats.js";
import { svgBarChart } from "../support/svgBarChart.js";
import type { BenchResults } from "./BenchResults.js";

const TUNED_SHORT = "fetch 512 KiB, semi-space 1 MiB";
const COLORS = { limit: "#7f8c8d", reader: "#2980b9", service: "#27ae60", naive: "#c0392b" } as const;

/**
 * Every reader as its ratio to psql \copy (the median of per-round ratios, the figure the targets
 * use), labelled with its median rows/s, with the 0.7× target line.
 */
export function throughputChart(r: BenchResults): string {
  return svgBarChart({
    title: `${int(r.rows)} JSON rows: speed relative to psql \\copy in the same round (${r.machine.cores} cores, ${r.date.slice(0, 10)})`,
    bars: r.throughput.map((c) => {
      const rate = r.rows / median(c.runs.map((x) => x.seconds));
      return { label: c.name, value: median(c.ratios), note: `${fixed(median(c.ratios), 2)}× · ${int(rate / 1000)}k rows/s`, color: COLORS[c.kind] };
    }),
    marker: { value: 0.7, label: "0.7× (target)" },
  });
}

/** Peak RSS above idle: the service (defaults and tuned) next to buffering the whole result. */
export function memoryChart(r: BenchResults): string {
  const bar = (label: string, bytes: number, color: string) => ({ label, value: bytes / 2 ** 20, note: `${mib(bytes)} MiB`, color });
  const bars = r.memory.flatMap((p, i) => {
    const tuned = r.memoryTuned[i];
    return [
      bar(`service, ${int(p.rows)} rows`, p.serverPeak - p.serverIdle, COLORS.service),
      ...(tuned === undefined ? [] : [bar(`service tuned (${TUNED_SHORT}), ${int(p.rows)} rows`, tuned.serverPeak - tuned.serverIdle, COLORS.reader)]),
      bar(`naive await sql (buffers all), ${int(p.rows)} rows`, p.naivePeak - p.naiveIdle, COLORS.naive),
    ];
  });
  return svgBarChart({ title: "peak RSS above idle (MiB) while reading N rows, fresh process each", bars, marker: { value: 50, label: "50 MiB (target)" } });
}
