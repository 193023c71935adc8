import type { WireClientError } from "../WireClientError.js";

/** What `onResume` is told before each resume. */
export interface ResumeEvent {
  /** The number of the call about to start: 2 for the first resume. */
  readonly attempt: number;
  /** Why the previous call ended (a retriable failure, or a stream cut short). */
  readonly error: WireClientError;
  /** The address the previous call went to. */
  readonly address: string;
  /** How long the SDK waits before the next call. */
  readonly delayMs: number;
  /** Rows the consumer has received so far, over every call of this iteration. */
  readonly rowsReceived: number;
}

/** Query.resume() and WireClientOptions.resume: how a broken stream is resumed (docs/resume.md). */
export interface ResumeOptions {
  /**
   * Calls in a row that may fail without delivering a row (default 10), the first included. A call
   * that delivers rows starts the count again, so a long stream rides out any number of separate
   * faults, while a server that keeps failing ends it.
   */
  readonly maxAttempts?: number;
  /** Longest the SDK keeps trying, from a failure until a row arrives again, in ms (default 60000). */
  readonly maxElapsedMs?: number;
  /** Called before each resume (for logs and metrics); an exception it throws ends the stream. */
  readonly onResume?: (event: ResumeEvent) => void;
}

/** ResumeOptions with the defaults filled in; `enabled` false is `.resume(false)`. */
export interface ResumePolicy {
  /** False after `.resume(false)`: the first error ends the stream. */
  readonly enabled: boolean;
  /** See {@link ResumeOptions.maxAttempts}. */
  readonly maxAttempts: number;
  /** See {@link ResumeOptions.maxElapsedMs}. */
  readonly maxElapsedMs: number;
  /** See {@link ResumeOptions.onResume}. */
  readonly onResume: ((event: ResumeEvent) => void) | undefined;
}

export const DEFAULT_MAX_ATTEMPTS = 10;
export const DEFAULT_MAX_ELAPSED_MS = 60_000;

/** `true` (the defaults), `false` (off), or options over the defaults; RangeError on nonsense. */
export function toResumePolicy(options: ResumeOptions | boolean, base?: ResumePolicy): ResumePolicy {
  const from = base ?? { enabled: true, maxAttempts: DEFAULT_MAX_ATTEMPTS, maxElapsedMs: DEFAULT_MAX_ELAPSED_MS, onResume: undefined };
  if (typeof options === "boolean") return Object.freeze({ ...from, enabled: options });
  const { maxAttempts = from.maxAttempts, maxElapsedMs = from.maxElapsedMs, onResume = from.onResume } = options;
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) throw new RangeError(`resume({ maxAttempts: ${maxAttempts} }): expected a whole number ≥ 1`);
  if (!Number.isSafeInteger(maxElapsedMs) || maxElapsedMs < 0) throw new RangeError(`resume({ maxElapsedMs: ${maxElapsedMs} }): expected a whole number of ms ≥ 0`);
  return Object.freeze({ enabled: true, maxAttempts, maxElapsedMs, onResume });
}
