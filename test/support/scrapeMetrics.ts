import parsePrometheusTextFormat from "parse-prometheus-text-format";

type Labels = Readonly<Record<string, string>>;

/** One scrape of a Prometheus endpoint, parsed by a real text-format parser. */
export interface Scrape {
  /** Every family's name. */
  names(): string[];
  /** The label sets of a family's series. */
  series(name: string): Labels[];
  /** The sum of a counter's or gauge's series whose labels include `labels` (0 when none). */
  value(name: string, labels?: Labels): number;
  /** The same for a histogram's count and sum. */
  count(name: string, labels?: Labels): number;
  sum(name: string, labels?: Labels): number;
}

/** GET /metrics over HTTP and parse it. */
export async function scrapeMetrics(url: string): Promise<Scrape> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  const families = parsePrometheusTextFormat(await response.text());
  const samples = (name: string, labels: Labels) =>
    (families.find((f) => f.name === name)?.metrics ?? []).filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  const total = (name: string, labels: Labels, field: "value" | "count" | "sum"): number => samples(name, labels).reduce((n, m) => n + Number(m[field] ?? 0), 0);
  return {
    names: () => families.map((f) => f.name),
    series: (name) => (families.find((f) => f.name === name)?.metrics ?? []).map((m) => m.labels ?? {}),
    value: (name, labels = {}) => total(name, labels, "value"),
    count: (name, labels = {}) => total(name, labels, "count"),
    sum: (name, labels = {}) => total(name, labels, "sum"),
  };
}
