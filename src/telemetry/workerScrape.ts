/**
 * The messages between the primary of a multi-worker server and its workers for one Prometheus
 * scrape of FRAISEQL_WIRE_METRICS_LISTEN (issue 11): cluster workers share every port they listen
 * on, so a /metrics endpoint of each worker's own would answer for whichever worker the primary
 * handed the scrape to. Instead the primary serves the endpoint, asks every worker for its metrics
 * over the cluster's IPC channel, and serves them together, each series labelled with its worker.
 * No OpenTelemetry here: the primary loads this file and starts no SDK.
 */
export interface ScrapeRequest {
  readonly type: "fraiseql-wire:scrape";
  readonly id: number;
}

export interface ScrapeAnswer {
  readonly type: "fraiseql-wire:scraped";
  readonly id: number;
  /** The worker's metrics in the Prometheus text format, every series labelled fraiseql_wire_worker. */
  readonly text: string;
}

/** The resource attribute that says which worker (slot 1..N) a process is; a label on its series. */
export const WORKER_ATTRIBUTE = "fraiseql.wire.worker";

export function isScrapeRequest(message: unknown): message is ScrapeRequest {
  return typeof message === "object" && message !== null && (message as ScrapeRequest).type === "fraiseql-wire:scrape" && typeof (message as ScrapeRequest).id === "number";
}

export function isScrapeAnswer(message: unknown): message is ScrapeAnswer {
  return typeof message === "object" && message !== null && (message as ScrapeAnswer).type === "fraiseql-wire:scraped" && typeof (message as ScrapeAnswer).text === "string";
}
