import { describe, expect, it } from "vitest";
import { parseDuration } from "../../perf/support/parseDuration.js";
import { linearSlope, mean, median, percentile } from "../../perf/support/stats.js";
import { windowPeaks } from "../../perf/support/windowPeaks.js";

describe("benchmark statistics", () => {
  it("percentiles interpolate between closest ranks and leave the input unsorted", () => {
    const samples = [5, 1, 4, 2, 3];
    expect(percentile(samples, 50)).toBe(3);
    expect(percentile(samples, 0)).toBe(1);
    expect(percentile(samples, 100)).toBe(5);
    expect(percentile(samples, 25)).toBe(2);
    expect(percentile([10, 20], 99)).toBeCloseTo(19.9);
    expect(samples).toEqual([5, 1, 4, 2, 3]);
  });

  it("an empty sample has no percentile, median or mean", () => {
    expect(percentile([], 50)).toBeNaN();
    expect(median([])).toBeNaN();
    expect(mean([])).toBeNaN();
  });

  it("the slope of a straight line is its gradient, and a flat or single series has none", () => {
    expect(linearSlope([0, 1, 2, 3].map((x) => ({ x, y: 5 + 2 * x })))).toBeCloseTo(2);
    expect(linearSlope([0, 1, 2].map((x) => ({ x, y: 7 })))).toBe(0);
    expect(linearSlope([{ x: 1, y: 1 }])).toBe(0);
    expect(linearSlope([{ x: 1, y: 1 }, { x: 1, y: 3 }])).toBe(0);
  });

  it("a sawtooth that does not grow fits a slope near zero once reduced to window peaks", () => {
    const samples = Array.from({ length: 120 }, (_, t) => ({ t, rss: 100 + (t % 7) * 10 }));
    const peaks = windowPeaks(samples, 10);
    expect(peaks).toHaveLength(12);
    expect(Math.abs(linearSlope(peaks.map((p) => ({ x: p.t, y: p.rss }))))).toBeLessThan(0.5);
  });

  it("a leak shows up as a positive slope of the window peaks", () => {
    const samples = Array.from({ length: 120 }, (_, t) => ({ t, rss: 100 + 2 * t + (t % 5) * 10 }));
    expect(linearSlope(windowPeaks(samples, 10).map((p) => ({ x: p.t, y: p.rss })))).toBeCloseTo(2, 0);
  });
});

describe("soak durations", () => {
  it("accept seconds, minutes and hours, and bare numbers as minutes", () => {
    expect(parseDuration("90s")).toBe(90);
    expect(parseDuration("5m")).toBe(300);
    expect(parseDuration("1.5h")).toBe(5400);
    expect(parseDuration("30")).toBe(1800);
  });

  it("refuse anything else before a long run starts", () => {
    for (const bad of ["", "5 min", "-1", "0", "1d", "m"]) expect(() => parseDuration(bad)).toThrow(/duration/);
  });
});
