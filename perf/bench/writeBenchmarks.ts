import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { replaceSectionInFile } from "../support/replaceSection.js";
import { markdownTable } from "../support/textTable.js";
import type { BenchResults } from "./BenchResults.js";
import { throughputChart, memoryChart } from "./benchCharts.js";
import type { Table } from "../support/Table.js";
import { telemetryTable } from "./benchTables.js";

/**
 * Writes the run into BENCHMARKS.md (between the bench markers), the charts as perf/results/*.svg and the
 * raw figures as perf/results/latest.json.
 */
export function writeBenchmarks(root: string, results: BenchResults, tables: readonly Table[]): string {
  const dir = join(root, "perf", "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "throughput.svg"), throughputChart(results));
  writeFileSync(join(dir, "memory.svg"), memoryChart(results));
  writeFileSync(join(dir, "latest.json"), JSON.stringify(results, null, 2) + "\n");
  const m = results.machine;
  const generated = [
    `Run of ${results.date} on ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, Linux ${m.kernel}, Node ${m.node}, ${m.postgres} ` +
      `(embedded unless DATABASE_URL was set), client ${results.psql}; 1-minute load average at the start: ${m.loadAverage} ` +
      "(the machine is shared: compare ratios, not absolute figures, between runs).",
    "",
    "![rows/s of each reader](perf/results/throughput.svg)",
    "",
    ...tables.flatMap((t) => [`### ${t.title}`, "", markdownTable(t.header, t.rows), "", ...(t.note === undefined ? [] : [t.note, ""])]),
    "![peak RSS above idle](perf/results/memory.svg)",
    "",
    "Raw figures: [perf/results/latest.json](perf/results/latest.json).",
  ].join("\n");
  const path = join(root, "BENCHMARKS.md");
  replaceSectionInFile(path, "bench", generated);
  if (results.telemetry !== undefined) {
    const t = telemetryTable(results.telemetry, results.rows);
    const overhead = [
      `\`make bench\` run of ${results.date} on ${m.cpu}, ${m.cores} cores; 1-minute load average at its start: ${m.loadAverage}.`,
      "",
      markdownTable(t.header, t.rows),
      "",
      ...(t.note === undefined ? [] : [t.note]),
    ].join("\n");
    replaceSectionInFile(path, "telemetry", overhead);
  }
  return path;
}
