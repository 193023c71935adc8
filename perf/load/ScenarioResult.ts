/** What one load scenario measured and whether it passed. */
export interface ScenarioResult {
  readonly name: string;
  readonly streams: number;
  readonly rowsPerStream: number;
  readonly wallSeconds: number;
  readonly rows: number;
  readonly bytes: number;
  /** Slowest and fastest single stream (rows/s): fairness between concurrent streams. */
  readonly streamRowsPerSecond: { readonly min: number; readonly max: number };
  /** Client-observed time to first message (ms). */
  readonly firstMessageMs: { readonly p50: number; readonly max: number };
  /** The server's stats.time_to_first_row_micros (ms). */
  readonly serverFirstRowMs: { readonly p50: number; readonly max: number };
  readonly serverPeakRss: number;
  readonly serverIdleRss: number;
  readonly serverCpuSeconds: number;
  readonly errors: readonly string[];
}
