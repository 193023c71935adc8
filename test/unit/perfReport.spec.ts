import { describe, expect, it } from "vitest";
import { replaceSection } from "../../perf/support/replaceSection.js";
import { frameArea, summarizeProfile, type CpuProfile } from "../../perf/support/summarizeProfile.js";
import { escapeXml, svgBarChart } from "../../perf/support/svgBarChart.js";
import { markdownTable, textTable } from "../../perf/support/textTable.js";

describe("benchmark charts", () => {
  const chart = svgBarChart({
    title: "rows/s <fast & slow>",
    bars: [
      { label: "psql \\copy", value: 400, note: "400k", color: "#777" },
      { label: "service", value: 200, note: "0.50×", color: "#2a2" },
      { label: "broken", value: Number.NaN, note: "–", color: "#a22" },
    ],
    marker: { value: 280, label: "0.7× target" },
  });

  it("leaves room for the longest label", () => {
    const long = svgBarChart({ title: "t", bars: [{ label: "x".repeat(80), value: 1, note: "", color: "#000" }] });
    expect(Number(/<rect x="(\d+)" y="\d+"/.exec(long)![1])).toBeGreaterThanOrEqual(80 * 6.6);
  });

  it("is a standalone SVG document with every label escaped", () => {
    expect(chart.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(chart.trimEnd().endsWith("</svg>")).toBe(true);
    expect(chart).toContain("rows/s &lt;fast &amp; slow&gt;");
    expect(escapeXml(`a"b'c`)).toBe("a&quot;b&apos;c");
  });

  it("scales bars to the largest value, draws a non-finite value as empty, and marks the target", () => {
    const bars = [...chart.matchAll(/<rect x="(\d+)" y="\d+" width="([\d.]+)"/g)];
    expect(bars.map((m) => Number(m[2]))).toEqual([360, 180, 0]);
    const left = Number(bars[0]![1]);
    expect(bars.every((m) => Number(m[1]) === left)).toBe(true);
    expect(chart).toContain(`<line x1="${(left + 252).toFixed(1)}"`);
    expect(chart).toContain("0.7× target");
  });
});

describe("report tables and BENCHMARKS.md sections", () => {
  it("align numbers right in text and escape pipes in Markdown", () => {
    const text = textTable(["reader", "rows/s"], [["psql", "412,000"], ["service", "9,000"]]);
    expect(text.split("\n")[3]).toBe("service    9,000");
    expect(markdownTable(["a|b"], [["x|y"]])).toBe("| a\\|b |\n|---|\n| x\\|y |");
  });

  it("a run replaces only its own section and keeps the hand-written text around it", () => {
    const first = replaceSection("# Benchmarks\n\nintro\n", "bench", "table 1");
    expect(first).toContain("intro");
    const withNotes = `${first}\n## What we tried\nnotes\n`;
    const second = replaceSection(withNotes, "bench", "table 2");
    expect(second).toContain("table 2");
    expect(second).not.toContain("table 1");
    expect(second).toContain("## What we tried\nnotes");
    expect(replaceSection(second, "load", "load table")).toContain("table 2");
  });
});

describe("CPU profile summary", () => {
  it("attributes frames to packages, node internals and our own build", () => {
    expect(frameArea("file:///app/node_modules/@grpc/grpc-js/build/src/server.js", "f")).toBe("@grpc/grpc-js");
    expect(frameArea("file:///app/node_modules/postgres/src/connection.js", "f")).toBe("postgres");
    expect(frameArea("node:internal/buffer", "f")).toBe("node internals");
    expect(frameArea("file:///app/dist/src/stream/packRows.js", "f")).toBe("src/stream/packRows.js");
    expect(frameArea("", "(garbage collector)")).toBe("(garbage collector)");
  });

  it("sums self time per function, ranks the busiest first and keeps idle apart", () => {
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: { functionName: "(idle)", url: "", lineNumber: -1 } },
        { id: 2, callFrame: { functionName: "copy", url: "node:buffer", lineNumber: 9 } },
        { id: 3, callFrame: { functionName: "(garbage collector)", url: "", lineNumber: -1 } },
      ],
      samples: [1, 2, 2, 3, 1],
      timeDeltas: [5000, 1000, 2000, 1000, 5000],
    };
    const summary = summarizeProfile(profile);
    expect(summary.idleMs).toBe(10);
    expect(summary.busyMs).toBe(4);
    expect(summary.functions[0]).toEqual({ name: "copy node internals:10", ms: 3, share: 0.75 });
    expect(summary.areas.map((a) => a.name)).toEqual(["node internals", "(garbage collector)"]);
  });
});
