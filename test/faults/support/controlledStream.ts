import type { ClientReadableStream, ServiceError } from "@grpc/grpc-js";
import type { QueryServiceClient, StreamQueryRequest, StreamQueryResponse } from "../../../generated/fraiseql/wire/v1/query_service.js";
import { request } from "../../support/testServer.js";
import type { StreamResult } from "./openStream.js";

/** A StreamQuery whose reader the scenario drives: it can pause (a slow client) and resume. */
export interface ControlledStream {
  readonly call: ClientReadableStream<StreamQueryResponse>;
  /** Resolves at the first message (true) or when the stream ended without one (false). */
  readonly firstMessage: Promise<boolean>;
  /** Resolves (never rejects) when the stream ends, however it ends. */
  readonly done: Promise<StreamResult>;
  /** Rows taken so far. */
  rowCount(): number;
}

/**
 * A stream recorded as it arrives (openStream is this without the handle), with the call exposed so that a scenario can pause the reader at a chosen
 * moment. `pauseAtFirst` pauses it as soon as the first message arrives: the server then fills
 * the transport's buffers and waits for drain, with its next FETCH in flight.
 */
export function controlledStream(client: QueryServiceClient, req: Partial<StreamQueryRequest>, options: { deadlineMs?: number; pauseAtFirst?: boolean } = {}): ControlledStream {
  const startedAt = Date.now();
  const call = client.streamQuery(request(req), { deadline: startedAt + (options.deadlineMs ?? 60_000) });
  const messages: StreamQueryResponse[] = [];
  const arrivals: number[] = [];
  let first: (got: boolean) => void = () => {};
  const firstMessage = new Promise<boolean>((resolve) => (first = resolve));
  const done = new Promise<StreamResult>((resolve) => {
    const end = (error: ServiceError | undefined): void => {
      first(false);
      resolve({ rows: messages.flatMap((m) => m.rows), messages, arrivals, error, startedAt, endedAt: Date.now() });
    };
    call.on("data", (m: StreamQueryResponse) => {
      messages.push(m);
      arrivals.push(Date.now());
      if (messages.length === 1 && options.pauseAtFirst === true) call.pause();
      first(true);
    });
    call.on("error", (e: ServiceError) => end(e));
    call.on("end", () => end(undefined));
  });
  return { call, firstMessage, done, rowCount: () => messages.reduce((n, m) => n + m.rows.length, 0) };
}
