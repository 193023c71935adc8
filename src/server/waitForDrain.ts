import type { Writable } from "node:stream";

/**
 * Resolves when a full stream drains, or when the call is gone. After a client cancels, a pending
 * 'drain' never fires, so it is raced against close, error and the call's AbortSignal.
 */
export function waitForDrain(stream: Writable, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off("drain", done);
      stream.off("close", done);
      stream.off("error", done);
      signal.removeEventListener("abort", done);
      resolve();
    };
    if (signal.aborted || stream.destroyed) return resolve();
    stream.on("drain", done);
    stream.on("close", done);
    stream.on("error", done);
    signal.addEventListener("abort", done, { once: true });
  });
}
