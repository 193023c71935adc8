import { readRss } from "./procfs.js";

export interface RssSample {
  /** Seconds since the sampler started. */
  readonly t: number;
  readonly rss: number;
}

/**
 * Samples a process's RSS at a fixed interval: the peak for processes whose VmHWM cannot be reset,
 * and the time series the soak test fits a slope to. Stops by itself when the process is gone.
 */
export class RssSampler {
  readonly samples: RssSample[] = [];
  #peak = 0;
  readonly #timer: NodeJS.Timeout;
  readonly #startedAt = performance.now();

  constructor(
    readonly pid: number,
    intervalMs: number,
    readonly keepSamples = false,
  ) {
    this.#timer = setInterval(() => this.sample(), intervalMs);
    this.#timer.unref();
    this.sample();
  }

  get peak(): number {
    return this.#peak;
  }

  sample(): void {
    let rss: number;
    try {
      rss = readRss(this.pid);
    } catch {
      this.stop();
      return;
    }
    this.#peak = Math.max(this.#peak, rss);
    if (this.keepSamples) this.samples.push({ t: (performance.now() - this.#startedAt) / 1000, rss });
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
