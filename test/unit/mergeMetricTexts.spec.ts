import { getMetricsFromIterator } from "prom2javascript";
import { describe, expect, it } from "vitest";
import { mergeMetricTexts } from "../../src/cluster/mergeMetricTexts.js";

// Two workers' expositions as the OpenTelemetry Prometheus serializer writes them.
const worker = (n: number, rows: number, withErrors: boolean): string =>
  [
    "# HELP target_info Target metadata",
    "# TYPE target_info gauge",
    `target_info{service_name="fraiseql-wire",fraiseql_wire_worker="${n}"} 1`,
    "# HELP fraiseql_wire_rows_sent_total Rows sent",
    "# TYPE fraiseql_wire_rows_sent_total counter",
    `fraiseql_wire_rows_sent_total{fraiseql_entity="e",fraiseql_wire_worker="${n}"} ${rows}`,
    ...(withErrors ? ["# HELP fraiseql_wire_errors_total Errors", "# TYPE fraiseql_wire_errors_total counter", `fraiseql_wire_errors_total{reason="R",fraiseql_wire_worker="${n}"} 1`] : []),
    "# HELP rpc_server_call_duration Duration",
    "# TYPE rpc_server_call_duration histogram",
    `rpc_server_call_duration_count{fraiseql_wire_worker="${n}"} 2`,
    `rpc_server_call_duration_sum{fraiseql_wire_worker="${n}"} 0.5`,
    `rpc_server_call_duration_bucket{fraiseql_wire_worker="${n}",le="+Inf"} 2`,
    "",
  ].join("\n");

describe("mergeMetricTexts", () => {
  it("writes each family once, with every worker's samples under it, in the order families first appear", async () => {
    const merged = mergeMetricTexts([worker(1, 10, false), worker(2, 32, true)]);
    for (const family of ["target_info", "fraiseql_wire_rows_sent_total", "rpc_server_call_duration", "fraiseql_wire_errors_total"]) {
      expect(merged.split("\n").filter((l) => l.startsWith(`# TYPE ${family} `))).toHaveLength(1);
      expect(merged.split("\n").filter((l) => l.startsWith(`# HELP ${family} `))).toHaveLength(1);
    }
    const lines = merged.split("\n");
    expect(lines.indexOf("# TYPE fraiseql_wire_errors_total counter")).toBeGreaterThan(lines.indexOf("# TYPE rpc_server_call_duration histogram"));
    // What a Prometheus text parser reads: both workers' series, apart.
    const families = await getMetricsFromIterator(merged.split("\n")[Symbol.iterator]());
    const rows = (families["fraiseql_wire_rows_sent_total"]?.data ?? []) as Array<{ labels: Record<string, string>; value: number }>;
    expect(rows.map((r) => [r.labels["fraiseql_wire_worker"], r.value])).toEqual([
      ["1", 10],
      ["2", 32],
    ]);
    expect((families["rpc_server_call_duration"]?.data ?? []) as unknown[]).toHaveLength(2);
  });

  it("keeps a family no worker has samples of yet, and answers nothing for no workers", () => {
    expect(mergeMetricTexts(["# HELP a_total A\n# TYPE a_total counter\n", "# HELP a_total A\n# TYPE a_total counter\n"])).toBe("# HELP a_total A\n# TYPE a_total counter\n");
    expect(mergeMetricTexts([])).toBe("");
    expect(mergeMetricTexts(["", "# no registered metrics"])).toBe("");
  });
});
