import type { ServiceError } from "@grpc/grpc-js";
import type { QueryServiceClient, StreamQueryRequest, StreamQueryResponse } from "../../../generated/fraiseql/wire/v1/query_service.js";
import { controlledStream } from "./controlledStream.js";

export interface StreamResult {
  readonly rows: string[];
  readonly messages: StreamQueryResponse[];
  /** Date.now() when each message arrived, for progress and gap checks. */
  readonly arrivals: number[];
  /** undefined when the stream ended with its stats message and OK. */
  readonly error: ServiceError | undefined;
  readonly startedAt: number;
  readonly endedAt: number;
}

export interface OpenStream {
  /** Resolves at the first message (true) or when the stream ended without one (false). */
  readonly firstMessage: Promise<boolean>;
  /** Resolves (never rejects) when the stream ends, however it ends. */
  readonly done: Promise<StreamResult>;
  /** Cancels from the client, as Ctrl-C or a closed connection would. */
  cancel(): void;
}

/** Starts a StreamQuery and records what arrives and when. deadlineMs bounds the whole call. */
export function openStream(client: QueryServiceClient, req: Partial<StreamQueryRequest>, deadlineMs = 60_000): OpenStream {
  const { call, firstMessage, done } = controlledStream(client, req, { deadlineMs });
  return { firstMessage, done, cancel: () => call.cancel() };
}

/** A whole stream: what arrived, and how it ended. */
export function readStream(client: QueryServiceClient, req: Partial<StreamQueryRequest>, deadlineMs?: number): Promise<StreamResult> {
  return openStream(client, req, deadlineMs).done;
}
