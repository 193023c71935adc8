import { fixed, mib, ratio } from "../support/format.js";
import { median } from "../support/stats.js";
import type { BenchResults, TargetCheck } from "./BenchResults.js";
import { ghzRatio, streamRatio } from "./telemetryOverhead.js";

const MiB = 2 ** 20;

/** The issue's targets, judged on this run's figures (ratios, never absolute times). */
export function checkTargets(results: BenchResults): TargetCheck[] {
  const service = results.throughput.filter((c) => c.kind === "service");
  const byDefault = service.find((c) => c.name.includes("default")) ?? service[0];
  const best = service.reduce((a, b) => (median(b.ratios) > median(a.ratios) ? b : a), service[0]!);
  const defaultRatio = median(byDefault?.ratios ?? []);
  // The same rows in the order the service streams a keyed entity: round by round, service ÷ that psql.
  const ordered = results.throughput.find((c) => c.name.includes("order by id"));
  const sameOrder = ordered === undefined ? undefined : median((byDefault?.ratios ?? []).map((r, i) => r / ordered.ratios[i]!));
  const above = (p: BenchResults["memory"][number] | undefined): number => (p === undefined ? Number.NaN : p.serverPeak - p.serverIdle);
  const small = results.memory[0];
  const large = results.memory.at(-1);
  const tunedLarge = above(results.memoryTuned.at(-1));
  const warmDelta = above(results.memoryWarm.at(-1)) - above(results.memoryWarm[0]);
  const c50 = results.smallQueries?.find((q) => q.ghz.concurrency === 50 && q.ghz.name.endsWith("c=50"));
  const ten = results.concurrency?.find((c) => c.streams === 10);
  return [
    ...(c50 === undefined
      ? []
      : [
          {
            target: "small queries: ghz limit 10 at c=50 ≥ 5,000 streams/s and p99 < 25 ms",
            measured: `${fixed(c50.ghz.rps, 0)} streams/s, p99 ${fixed(c50.ghz.p99Ms, 1)} ms (${fixed(c50.ghz.rps / c50.pgbench.tps, 3)}× pgbench's ${fixed(c50.pgbench.tps, 0)} tps${c50.noop === undefined ? "" : `; a Health/Check (no database work) reached ${fixed(c50.noop.rps, 0)} calls/s on this machine`})`,
            met: c50.ghz.rps >= 5000 && c50.ghz.p99Ms < 25,
          },
        ]),
    ...(ten === undefined
      ? []
      : [{ target: "10 concurrent streams ≥ 0.9× 10 concurrent psql \\copy", measured: `${ratio(ten.ratio)} (${fixed(ten.serviceSeconds, 2)} s vs ${fixed(ten.psqlSeconds, 2)} s)`, met: ten.ratio >= 0.9 }]),
    {
      target: "end-to-end rows/s ≥ 0.7× psql \\copy (1M small rows, default chunks)",
      measured: `${ratio(defaultRatio)} (best: ${ratio(median(best.ratios))}, ${best.name.replace("service, ", "")})${sameOrder === undefined ? "" : `; ${ratio(sameOrder)} of psql \\copy in the same order (by id)`}`,
      met: defaultRatio >= 0.7,
    },
    {
      target: "server peak RSS streaming 1M rows < 50 MiB above idle (fresh server, defaults)",
      measured: `${mib(above(large))} MiB (tuned: ${mib(tunedLarge)} MiB)`,
      met: above(large) < 50 * MiB,
    },
    {
      target: "… and within 10 MiB of the 1K-row figure",
      measured: `${mib(above(large))} vs ${mib(above(small))} MiB (Δ ${mib(above(large) - above(small))}; warm server Δ ${mib(warmDelta)})`,
      met: above(large) - above(small) <= 10 * MiB,
    },
    {
      target: "time to first row, limit 10, p50 < 5 ms (client-observed)",
      measured: `${fixed(results.latency.clientFirstMessageMs.p50, 2)} ms (server stats: ${fixed(results.latency.serverFirstRowMs.p50, 2)} ms)`,
      met: results.latency.clientFirstMessageMs.p50 < 5,
    },
    ...(results.telemetry === undefined ? [] : [telemetryTarget(results.telemetry, results.rows)]),
  ];
}

function telemetryTarget(t: NonNullable<BenchResults["telemetry"]>, rows: number): TargetCheck {
  const stream = streamRatio(t);
  const calls = ghzRatio(t);
  const worst = Math.min(stream, calls ?? stream);
  return {
    target: "telemetry on (always_on traces + metrics) ≥ 0.95× off, same run",
    measured: `${(rows / 1e6).toString()}M-row stream ${fixed(stream, 3)}×${calls === undefined ? "" : `, limit-10 calls/s ${fixed(calls, 3)}×`}`,
    met: worst >= 0.95,
  };
}
