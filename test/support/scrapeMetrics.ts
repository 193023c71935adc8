import { getMetricsFromIterator, type PromHistogramData, type PromLabels } from "prom2javascript";

type Labels = Readonly<Record<string, string>>;

/** One scrape of a Prometheus endpoint, parsed by a text exposition format parser (prom2javascript). */
export interface Scrape {
  /** Every family's name. */
  names(): string[];
  /** The label sets of a family's series. */
  series(name: string): PromLabels[];
  /** The sum of a counter's or gauge's series whose labels include `labels` (0 when none). */
  value(name: string, labels?: Labels): number;
  /** The same for a histogram's count and sum. */
  count(name: string, labels?: Labels): number;
  sum(name: string, labels?: Labels): number;
}

/**
 * GET /metrics over HTTP and parse it. (parse-prometheus-text-format 1.1.1 was tried first: it merges
 * the series of a labelled histogram into one, so it cannot read rpc_server_call_duration by method.)
 */
export async function scrapeMetrics(url: string): Promise<Scrape> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  const families = await getMetricsFromIterator((await response.text()).split("\n")[Symbol.iterator]());
  type Sample = { labels: PromLabels; value?: number; count?: number; sum?: number };
  const samples = (name: string, labels: Labels): Sample[] =>
    ((families[name]?.data ?? []) as Sample[]).filter((m) => Object.entries(labels).every(([k, v]) => m.labels[k] === v));
  const total = (name: string, labels: Labels, field: "value" | "count" | "sum"): number => samples(name, labels).reduce((n, m) => n + (m[field] ?? 0), 0);
  return {
    names: () => Object.keys(families),
    series: (name) => ((families[name]?.data ?? []) as Array<{ labels: PromLabels } | PromHistogramData>).map((m) => m.labels),
    value: (name, labels = {}) => total(name, labels, "value"),
    count: (name, labels = {}) => total(name, labels, "count"),
    sum: (name, labels = {}) => total(name, labels, "sum"),
  };
}
