import type { Logger } from "pino";
import type { Authenticator } from "../auth/Authenticator.js";
import type { CallerStreams } from "../auth/CallerStreams.js";
import type { ChunkLimits } from "../query/QuerySpec.js";
import type { StreamDeps } from "../stream/StreamDeps.js";
import type { Telemetry } from "../telemetry/Telemetry.js";

/** What the RPC handlers share: dependencies, the shutdown signal and the set of running calls. */
export interface ServerState {
  readonly stream: StreamDeps;
  /** Credentials → Caller (FRAISEQL_WIRE_AUTH). */
  readonly auth: Authenticator;
  /** Streams per caller (FRAISEQL_WIRE_MAX_STREAMS_PER_CALLER). */
  readonly callerStreams: CallerStreams;
  readonly limits: ChunkLimits;
  /** Largest encoded request handled; larger ones are INVALID_ARGUMENT. */
  readonly maxRequestBytes: number;
  readonly log: Logger;
  /** HTTP/2 keepalive pings to clients: how a vanished client's streams get noticed and ended. */
  readonly keepAlive: { readonly timeMs: number; readonly timeoutMs: number };
  readonly debugErrors: boolean;
  /** Aborts when the shutdown grace period is over: running streams then end with UNAVAILABLE. */
  readonly shutdownSignal: AbortSignal;
  /** True from the moment shutdown starts: new calls are refused. */
  readonly isShuttingDown: () => boolean;
  /** Spans and metrics of each call (NO_TELEMETRY when nothing is configured). */
  readonly telemetry: Telemetry;
  /** Running calls; shutdown waits for them. */
  readonly running: Set<Promise<void>>;
}
