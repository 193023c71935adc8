import cluster, { type Worker } from "node:cluster";
import { createServer, type Server } from "node:http";
import { isScrapeAnswer, type ScrapeRequest } from "../telemetry/workerScrape.js";
import { mergeMetricTexts } from "./mergeMetricTexts.js";

// Below Prometheus's default scrape timeout (10 s): a worker that does not answer is left out.
const ANSWER_MS = 5000;

/**
 * The primary's FRAISEQL_WIRE_METRICS_LISTEN endpoint: GET /metrics asks every live worker for its
 * metrics (workerScrape.ts) and answers with all of them, one family at a time, each series with
 * its worker's fraiseql_wire_worker label. Bound before any worker starts: a port in use fails the
 * start-up, as it does for a single process.
 */
export async function serveWorkerMetrics(host: string, port: number): Promise<Server> {
  let nextId = 0;
  const scrape = async (): Promise<string> => {
    const id = ++nextId;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && w.isConnected());
    const texts = await Promise.all(
      workers.map(
        (worker) =>
          new Promise<string>((resolve) => {
            const timer = setTimeout(() => done(""), ANSWER_MS);
            const onMessage = (message: unknown): void => {
              if (isScrapeAnswer(message) && message.id === id) done(message.text);
            };
            const done = (text: string): void => {
              clearTimeout(timer);
              worker.off("message", onMessage);
              worker.off("exit", gone);
              resolve(text);
            };
            const gone = (): void => done("");
            worker.on("message", onMessage);
            worker.once("exit", gone);
            const request: ScrapeRequest = { type: "fraiseql-wire:scrape", id };
            worker.send(request, (error: Error | null) => {
              if (error !== null) done("");
            });
          }),
      ),
    );
    return mergeMetricTexts(texts);
  };
  const server = createServer((request, response) => {
    if (request.method !== "GET" || new URL(request.url ?? "/", "http://localhost").pathname !== "/metrics") {
      response.statusCode = 404;
      response.end();
      return;
    }
    void scrape().then((text) => {
      response.statusCode = 200;
      response.setHeader("content-type", "text/plain; version=0.0.4; charset=utf-8");
      response.end(text);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) => reject(new Error(`FRAISEQL_WIRE_METRICS_LISTEN=${host}:${port}: cannot serve /metrics there (${error.message})`, { cause: error })));
    server.listen({ host, port }, resolve);
  });
  return server;
}
