import type { EventEmitter } from "node:events";
import { WireError } from "../errors/WireError.js";

interface CancellableCall extends EventEmitter {
  getDeadline(): Date | number;
}

/**
 * One AbortSignal per call that fires on client cancel, on the call's deadline and on server
 * shutdown, with a WireError as reason so the stream layer can stop and report why.
 */
export function callSignal(call: CancellableCall, shutdown: AbortSignal): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const abort = (error: WireError): void => {
    if (!controller.signal.aborted) controller.abort(error);
  };
  const onCancel = (): void => abort(new WireError("QUERY_CANCELLED", "the client cancelled the call; the query was stopped."));
  const onShutdown = (): void =>
    abort(
      new WireError(
        "SERVER_SHUTTING_DOWN",
        "the server is shutting down and its grace period for running streams is over. Retry on another instance; resume from rowsReceived with offset if the stream had started.",
      ),
    );
  call.on("cancelled", onCancel);
  shutdown.addEventListener("abort", onShutdown, { once: true });
  if (shutdown.aborted) onShutdown();

  const deadline = call.getDeadline();
  const ms = deadline instanceof Date ? deadline.getTime() - Date.now() : deadline - Date.now();
  const timer = Number.isFinite(ms)
    ? setTimeout(
        () => abort(new WireError("DEADLINE_EXCEEDED", "the call's deadline passed before the stream finished; the query was stopped. Set a longer deadline or narrow the query.")),
        Math.max(0, Math.min(ms, 2 ** 31 - 1)),
      )
    : undefined;
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      call.off("cancelled", onCancel);
      shutdown.removeEventListener("abort", onShutdown);
    },
  };
}
