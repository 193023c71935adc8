import { fixed, int, mib, ratio } from "../support/format.js";
import { median } from "../support/stats.js";
import type { Table } from "../support/Table.js";
import type { BenchResults, TargetCheck } from "./BenchResults.js";
import { ghzRatio, streamRatio, type TelemetryOverhead } from "./telemetryOverhead.js";
import { TUNED } from "./contenders.js";

const MB = 1e6;

function memoryTable(title: string, points: BenchResults["memory"]): Table {
  return {
    title,
    header: ["rows", "server idle", "server peak", "server above idle"],
    rows: points.map((p) => [int(p.rows), mib(p.serverIdle), mib(p.serverPeak), mib(p.serverPeak - p.serverIdle)]),
  };
}

/** The run's tables, shared by the terminal output and BENCHMARKS.md. */
export function benchTables(r: BenchResults, targets: readonly TargetCheck[]): Table[] {
  const tables: Table[] = [
    {
      title: `Throughput: ${int(r.rows)} rows of test_staging.v_projects (avg ${int(r.bytes / r.rows)} B of JSON), ${r.rounds} interleaved rounds`,
      note:
        "rows/s and seconds are medians over the rounds; the ratio is the median of per-round ratios (each reader against psql in the same round), " +
        "which is robust to the machine's load drifting during the run, so the two need not agree.",
      header: ["reader", "rows/s", "MB/s", "seconds", "ratio to psql (min–max)", "server CPU s", "client CPU s"],
      rows: r.throughput.map((c) => {
        const seconds = median(c.runs.map((x) => x.seconds));
        const cpu = (pick: (x: (typeof c.runs)[number]) => number | undefined): string => {
          const values = c.runs.map(pick).filter((v): v is number => v !== undefined);
          return values.length === 0 ? "–" : fixed(median(values), 2);
        };
        return [
          c.name,
          int(r.rows / seconds),
          fixed(r.bytes / seconds / MB, 1),
          fixed(seconds, 2),
          `${ratio(median(c.ratios))} (${fixed(Math.min(...c.ratios), 2)}–${fixed(Math.max(...c.ratios), 2)})`,
          cpu((x) => x.serverCpuSeconds),
          cpu((x) => x.clientCpuSeconds),
        ];
      }),
    },
    {
      title: "Memory: peak RSS above idle (MiB), fresh server per size, default settings",
      header: ["rows", "server idle", "server peak", "server above idle", "naive await sql (buffers all) above idle"],
      rows: r.memory.map((p) => [int(p.rows), mib(p.serverIdle), mib(p.serverPeak), mib(p.serverPeak - p.serverIdle), mib(p.naivePeak - p.naiveIdle)]),
    },
    memoryTable("Memory, warm server (it streamed the whole view once before; idle taken after that), default settings (MiB)", r.memoryWarm),
    memoryTable(`Memory with ${TUNED.label} (MiB)`, r.memoryTuned),
  ];
  tables.push({
    title: `Time to first row, limit 10, ${r.latency.calls} sequential calls from a warm client (ms)`,
    header: ["measured where", "p50", "p99"],
    rows: [
      ["client: call start → first message", fixed(r.latency.clientFirstMessageMs.p50, 2), fixed(r.latency.clientFirstMessageMs.p99, 2)],
      ["server: stats.time_to_first_row_micros", fixed(r.latency.serverFirstRowMs.p50, 2), fixed(r.latency.serverFirstRowMs.p99, 2)],
    ],
  });
  tables.push(
    "skipped" in r.ghz
      ? { title: "ghz", header: ["skipped"], rows: [[r.ghz.skipped]] }
      : {
          title: "ghz against the server (latency per call; one HTTP/2 connection; server pool 10)",
          header: ["scenario", "calls", "calls/s", "p50 ms", "p99 ms", "statuses", "server CPU ms/call"],
          rows: r.ghz.map((g) => [
            g.name,
            int(g.calls),
            fixed(g.rps, 1),
            fixed(g.p50Ms, 1),
            fixed(g.p99Ms, 1),
            Object.entries(g.statuses).map(([k, v]) => `${k} ${v}`).join(", "),
            fixed(g.serverCpuMsPerCall, 2),
          ]),
        },
  );
  if (r.smallQueries !== undefined) {
    tables.push({
      title: `Small queries: ghz {"entity": …, "limit": 10} beside pgbench \`select data … limit 10\` (prepared) at the same concurrency, same run; server workers ${r.workers ?? 1}`,
      header: ["scenario", "streams/s", "p50 ms", "p99 ms", "server CPU ms/call", "pgbench tps", "ratio to pgbench", "Health/Check calls/s (ceiling)", "ratio to it", "statuses"],
      rows: r.smallQueries.map(({ ghz: g, pgbench: p, noop }) => [
        g.name,
        fixed(g.rps, 0),
        fixed(g.p50Ms, 1),
        fixed(g.p99Ms, 1),
        fixed(g.serverCpuMsPerCall, 2),
        fixed(p.tps, 0),
        `${fixed(g.rps / p.tps, 3)}×`,
        noop === undefined ? "–" : fixed(noop.rps, 0),
        noop === undefined ? "–" : `${fixed(g.rps / noop.rps, 2)}×`,
        Object.entries(g.statuses).map(([k, v]) => `${k} ${v}`).join(", "),
      ]),
    });
  }
  if (r.concurrency !== undefined) {
    tables.push({
      title: `Concurrent streams (${int(r.rows)} rows in all, each stream on its own connection, one client process) against as many concurrent psql \\copy; server workers ${r.workers ?? 1}`,
      header: ["streams", "rows each", "service s", "psql s", "ratio to psql", "server CPU s", "client CPU s"],
      rows: r.concurrency.map((c) => [String(c.streams), int(c.rowsPerStream), fixed(c.serviceSeconds, 2), fixed(c.psqlSeconds, 2), `${fixed(c.ratio, 2)}×`, fixed(c.serverCpuSeconds, 2), fixed(c.clientCpuSeconds, 2)]),
    });
  }
  tables.push({ title: "Targets", header: ["target", "measured", "met"], rows: targets.map((t) => [t.target, t.measured, t.met ? "yes" : "NO"]) });
  return tables;
}

/** The telemetry-overhead table (BENCHMARKS.md keeps it in a section of its own). */
export function telemetryTable(t: TelemetryOverhead, rows: number): Table {
  const stream = streamRatio(t);
  const calls = ghzRatio(t);
  const sent = Object.entries(t.exported).map(([path, e]) => `${path} ${int(e.requests)} (${fixed(e.bytes / 2 ** 20, 1)} MiB)`).join(", ");
  return {
    title: "Telemetry overhead: the same build with OpenTelemetry on, ratio to nothing configured in the same run",
    header: ["workload", "off", "on", "on ÷ off"],
    rows: [
      [`${int(rows)}-row stream, default chunks (rows/s, per round)`, "1.00", t.streamRatios.map((x) => fixed(x, 3)).join(", "), fixed(stream, 3) + " (median)"],
      "skipped" in t.ghz
        ? ["ghz filtered limit 10, c=50 (calls/s)", "skipped", t.ghz.skipped, ""]
        : [
            "ghz filtered limit 10, c=50 (calls/s)",
            t.ghz.off.map((g) => fixed(g.rps, 0)).join(" / "),
            fixed(t.ghz.on.rps, 0),
            fixed(calls!, 3) + " (to the mean of the off runs)",
          ],
      ...("skipped" in t.ghz
        ? []
        : [
            [
              "… server CPU ms per call",
              t.ghz.off.map((g) => fixed(g.serverCpuMsPerCall, 2)).join(" / "),
              fixed(t.ghz.on.serverCpuMsPerCall, 2),
              fixed(mean(t.ghz.off.map((g) => g.serverCpuMsPerCall)) / t.ghz.on.serverCpuMsPerCall, 3) + " (CPU off ÷ on: calls per CPU-second)",
            ],
          ]),
    ],
    note: `Telemetry on: ${t.settings}. Exported to a local OTLP sink during the run: ${sent || "nothing"}.`,
  };
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
