import type { RssSample } from "./RssSampler.js";

/**
 * The highest sample in each window of `windowSeconds` (placed at the window's middle), so that
 * where a GC cycle happens to fall does not move a fitted slope; windows without samples are absent.
 */
export function windowPeaks(samples: readonly RssSample[], windowSeconds: number): RssSample[] {
  const peaks = new Map<number, RssSample>();
  for (const s of samples) {
    const w = Math.floor(s.t / windowSeconds);
    const best = peaks.get(w);
    if (best === undefined || s.rss > best.rss) peaks.set(w, { t: (w + 0.5) * windowSeconds, rss: s.rss });
  }
  return [...peaks.values()].sort((a, b) => a.t - b.t);
}
