import { PrometheusSerializer, type PrometheusExporter } from "@opentelemetry/exporter-prometheus";
import { isScrapeRequest, WORKER_ATTRIBUTE, type ScrapeAnswer } from "./workerScrape.js";

/**
 * A cluster worker's side of FRAISEQL_WIRE_METRICS_LISTEN (workerScrape.ts): answers the primary's
 * scrape requests with what `reader` (an exporter that serves nothing itself) collects, in the
 * Prometheus text format, each series labelled with this worker's slot (fraiseql_wire_worker, from
 * the resource attribute the primary gives each worker), so that workers' series stay apart.
 */
export function answerScrapes(reader: PrometheusExporter): void {
  const pattern = new RegExp(`^${WORKER_ATTRIBUTE.replaceAll(".", "\\.")}$`);
  const serializer = new PrometheusSerializer("", false, pattern);
  process.on("message", (message: unknown) => {
    if (!isScrapeRequest(message)) return;
    void reader
      .collect()
      .then(
        ({ resourceMetrics }) => serializer.serialize(resourceMetrics),
        (error: unknown) => `# failed to export metrics: ${String(error)}\n`,
      )
      .then((text) => {
        const answer: ScrapeAnswer = { type: "fraiseql-wire:scraped", id: message.id, text };
        // The channel closes while the worker shuts down: that scrape gets no answer from it.
        if (process.connected) process.send?.(answer);
      });
  });
}
