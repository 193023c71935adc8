/** One way of reading the same 1M rows, timed once per round. */
export interface Contender {
  readonly name: string;
  /** "limit": the practical limit every ratio is relative to; "reader": in-process Node code; "service": end to end. */
  readonly kind: "limit" | "reader" | "service";
  run(): Promise<RunResult>;
}

export interface RunResult {
  readonly rows: number;
  readonly seconds: number;
  /** JSON bytes delivered, when the contender knows them. */
  readonly bytes?: number;
  readonly serverCpuSeconds?: number;
  readonly clientCpuSeconds?: number;
  /** Client-observed time to the first message (service only). */
  readonly firstMessageMs?: number;
}

/** A contender's results over all rounds, with its ratio to the limit measured round by round. */
export interface ContenderResult {
  readonly name: string;
  readonly kind: Contender["kind"];
  readonly runs: readonly RunResult[];
  /** rows/s of this contender ÷ rows/s of the limit, in the same round. */
  readonly ratios: readonly number[];
}
