const INITIAL_MS = 100;
const MAX_MS = 5_000;

/**
 * How long to wait before the next call, after the `failure`-th failed call in a row (1 for the
 * first): exponential backoff from 100 ms, doubling up to 5 s, with "equal jitter" (half fixed,
 * half random, so that clients cut off together do not come back together). Never less than the
 * server's RetryInfo delay, which gets up to 20% on top for the same reason.
 * `random` is a number in [0, 1) (Math.random()).
 */
export function backoffDelay(failure: number, retryDelayMs: number | undefined, random: number): number {
  const ceiling = Math.min(MAX_MS, INITIAL_MS * 2 ** Math.max(0, failure - 1));
  const backoff = ceiling / 2 + (ceiling / 2) * random;
  if (retryDelayMs === undefined || retryDelayMs <= backoff) return Math.round(backoff);
  return Math.round(retryDelayMs * (1 + 0.2 * random));
}
