import { NO_HOOKS, type StreamHooks } from "../stream/StreamHooks.js";
import { NO_CALL_TELEMETRY, type CallStart, type CallTelemetry } from "./CallTelemetry.js";
import type { PoolState } from "./WireMetrics.js";

/** The process's telemetry, as the server uses it (startTelemetry builds it). */
export interface Telemetry {
  /** What is exported, for the start-up log: e.g. { traces: ["otlp"], metrics: ["prometheus 0.0.0.0:9464"] }. */
  readonly exporting: { readonly traces: readonly string[]; readonly metrics: readonly string[] };
  /** The telemetry of one arriving RPC. */
  startCall(start: CallStart): CallTelemetry;
  /** The hooks the stream layer calls (StreamDeps.hooks). */
  readonly streamHooks: StreamHooks;
  /** Reports the pool's gauges from `read`. */
  observePool(read: () => PoolState): void;
  /** Flushes what is pending (spans, a last metrics push) and stops the exporters. */
  shutdown(): Promise<void>;
}

/** Nothing configured: no SDK, no spans, no instruments; each call costs a function call. */
export const NO_TELEMETRY: Telemetry = {
  exporting: { traces: [], metrics: [] },
  startCall: () => NO_CALL_TELEMETRY,
  streamHooks: NO_HOOKS,
  observePool: () => {},
  shutdown: async () => {},
};
