import { Metadata, type CallOptions } from "@grpc/grpc-js";
import { QueryServiceClient, type ListEntitiesResponse } from "../../generated/fraiseql/wire/v1/query_service.js";
import { traceHeaders } from "../telemetry/traceHeaders.js";
import { createCredentials } from "./createCredentials.js";
import { Filter } from "./Filter.js";
import { Query } from "./Query.js";
import type { QueryChunk } from "./QueryChunk.js";
import type { QuerySpec } from "./QuerySpec.js";
import { readQueryStream } from "./readQueryStream.js";
import { toEntityInfo, type EntityInfo } from "./toEntityInfo.js";
import { toWireClientError } from "./toWireClientError.js";
import type { WireClientOptions } from "./WireClientOptions.js";

/**
 * A connection to a fraiseql-wire server. One client shares one HTTP/2 channel across all its
 * calls; create it once and close() it when done.
 *
 *   const client = new WireClient("127.0.0.1:50051");
 *   for await (const row of client.query("projects").limit(5)) console.log(row);
 *   client.close();
 */
export class WireClient {
  private readonly grpc: QueryServiceClient;
  private readonly metadata: Metadata;
  private readonly deadlineMs: number | undefined;

  constructor(address: string, options: WireClientOptions = {}) {
    this.grpc = new QueryServiceClient(address, createCredentials(options.tls), options.channelOptions);
    this.metadata = new Metadata();
    for (const [key, value] of Object.entries(options.metadata ?? {})) this.metadata.set(key, value);
    if (options.token !== undefined) this.metadata.set("authorization", `Bearer ${options.token}`);
    this.deadlineMs = options.deadlineMs;
  }

  /** A query on an entity ("projects" or "schema.projects"); rows are parsed as T (not checked: see validate). */
  query<T = unknown>(entity: string): Query<T> {
    const spec: QuerySpec = {
      entity,
      filter: Filter.raw(""),
      orderBy: "",
      limit: 0,
      offset: 0,
      chunkRows: 0,
      chunkBytes: 0,
      signal: undefined,
      deadlineMs: undefined,
      steps: [],
    };
    return new Query<T>((s) => this.stream(s), Object.freeze(spec));
  }

  /** The entities the server exposes, optionally of one schema only. */
  listEntities(schema = ""): Promise<EntityInfo[]> {
    return new Promise((resolve, reject) => {
      this.grpc.listEntities({ schema }, this.callMetadata(), this.callOptions(undefined), (error, response: ListEntitiesResponse) => {
        if (error) reject(toWireClientError(error));
        else resolve(response.entities.map(toEntityInfo));
      });
    });
  }

  /** Closes the channel; calls still running fail with CANCELLED or UNAVAILABLE. */
  close(): void {
    this.grpc.close();
  }

  private stream(spec: QuerySpec): AsyncIterable<QueryChunk> {
    return {
      [Symbol.asyncIterator]: () => {
        // Opened on first use, so that building a Query costs nothing and each iteration is a new call.
        const request = {
          entity: spec.entity,
          filter: spec.filter.text,
          orderBy: spec.orderBy,
          limit: spec.limit,
          offset: spec.offset,
          chunkRows: spec.chunkRows,
          chunkBytes: spec.chunkBytes,
          resumeToken: Buffer.alloc(0),
        };
        const start = () => this.grpc.streamQuery(request, this.callMetadata(), this.callOptions(spec.deadlineMs));
        return readQueryStream(start, spec.offset, spec.signal);
      },
    };
  }

  /** The client's metadata, plus the caller's active trace (traceparent) when it has OpenTelemetry set up. */
  private callMetadata(): Metadata {
    const trace = Object.entries(traceHeaders());
    if (trace.length === 0) return this.metadata;
    const metadata = this.metadata.clone();
    for (const [key, value] of trace) metadata.set(key, value);
    return metadata;
  }

  private callOptions(deadlineMs: number | undefined): Partial<CallOptions> {
    const ms = deadlineMs ?? this.deadlineMs;
    return ms === undefined ? {} : { deadline: Date.now() + ms };
  }
}
