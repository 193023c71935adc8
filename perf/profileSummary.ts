import { readFileSync } from "node:fs";
import { fixed } from "./support/format.js";
import { summarizeProfile, type CpuProfile } from "./support/summarizeProfile.js";
import { textTable } from "./support/textTable.js";

/** node dist/perf/profileSummary.js <file.cpuprofile> [top]: self time by area and by function. */
const [file, top] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write("usage: node dist/perf/profileSummary.js <file.cpuprofile> [top]\n");
  process.exit(2);
}
const summary = summarizeProfile(JSON.parse(readFileSync(file, "utf8")) as CpuProfile, Number(top ?? 20));
process.stdout.write(`busy ${fixed(summary.busyMs, 0)} ms, idle ${fixed(summary.idleMs, 0)} ms\n\n`);
for (const [title, lines] of [["area", summary.areas], ["function", summary.functions]] as const) {
  process.stdout.write(textTable([title, "self ms", "% of busy"], lines.map((l) => [l.name, fixed(l.ms, 0), fixed(l.share * 100, 1)])) + "\n\n");
}
