import { Metadata, type CallOptions } from "@grpc/grpc-js";
import { QueryServiceClient, type ListEntitiesResponse } from "../../generated/fraiseql/wire/v1/query_service.js";
import { traceHeaders } from "../telemetry/traceHeaders.js";
import { channelOptionsFor } from "./channelOptionsFor.js";
import { createCredentials } from "./createCredentials.js";
import { Endpoints } from "./Endpoints.js";
import { Filter } from "./Filter.js";
import { Query } from "./Query.js";
import type { QueryChunk } from "./QueryChunk.js";
import type { QueryProgress } from "./QueryProgress.js";
import type { QuerySpec } from "./QuerySpec.js";
import { readQueryStream } from "./readQueryStream.js";
import { toResumePolicy, type ResumePolicy } from "./resume/ResumeOptions.js";
import { resumeChunks } from "./resume/resumeChunks.js";
import { toEntityInfo, type EntityInfo } from "./toEntityInfo.js";
import { toWireClientError } from "./toWireClientError.js";
import type { WireClientError } from "./WireClientError.js";
import type { WireClientOptions } from "./WireClientOptions.js";

/**
 * A connection to a fraiseql-wire server, or to several replicas of it. One client shares one
 * HTTP/2 channel per address across all its calls; create it once and close() it when done.
 *
 *   const client = new WireClient("127.0.0.1:50051");           // or ["host-a:50051", "host-b:50051"]
 *   for await (const row of client.query("projects").limit(5)) console.log(row);
 *   client.close();
 *
 * Streams resume by themselves after a retriable failure, on another address when there are
 * several (Query.resume, docs/resume.md).
 */
export class WireClient {
  private readonly endpoints: Endpoints;
  private readonly metadata: Metadata;
  private readonly deadlineMs: number | undefined;
  private readonly resume: ResumePolicy;

  constructor(address: string | readonly string[], options: WireClientOptions = {}) {
    const targets = typeof address === "string" ? [address] : address;
    const credentials = createCredentials(options.tls);
    this.endpoints = new Endpoints(
      targets.map((target) => ({ address: target, grpc: new QueryServiceClient(target, credentials, channelOptionsFor(target, options.channelOptions)) })),
    );
    this.metadata = new Metadata();
    for (const [key, value] of Object.entries(options.metadata ?? {})) this.metadata.set(key, value);
    if (options.token !== undefined) this.metadata.set("authorization", `Bearer ${options.token}`);
    this.deadlineMs = options.deadlineMs;
    this.resume = toResumePolicy(options.resume ?? true);
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
      resume: this.resume,
      resumeToken: undefined,
    };
    return new Query<T>((s, progress) => this.stream(s, progress), Object.freeze(spec));
  }

  /** The entities the server exposes, optionally of one schema only; tries each address once on a retriable failure. */
  async listEntities(schema = ""): Promise<EntityInfo[]> {
    let failed: string | undefined;
    for (let tries = 1; ; tries++) {
      const endpoint = this.endpoints.pick(failed);
      try {
        return await new Promise((resolve, reject) => {
          endpoint.grpc.listEntities({ schema }, this.callMetadata(), this.callOptions(this.deadline(undefined)), (error, response: ListEntitiesResponse) => {
            if (error) reject(toWireClientError(error));
            else resolve(response.entities.map(toEntityInfo));
          });
        });
      } catch (error) {
        if (!(error as WireClientError).retriable || tries >= this.endpoints.size) throw error;
        failed = endpoint.address;
      }
    }
  }

  /** Closes the channels; calls still running fail with CANCELLED or UNAVAILABLE. */
  close(): void {
    this.endpoints.close();
  }

  private stream(spec: QuerySpec, progress: QueryProgress): AsyncIterable<QueryChunk> {
    return {
      [Symbol.asyncIterator]: () => {
        // Opened on first use, so that building a Query costs nothing and each iteration is a new
        // stream. Its deadline covers every call of the stream, resumes included.
        const deadline = this.deadline(spec.deadlineMs);
        return resumeChunks(
          spec,
          progress,
          (token, failed) => {
            const endpoint = this.endpoints.pick(failed);
            const request = {
              entity: spec.entity,
              filter: spec.filter.text,
              orderBy: spec.orderBy,
              limit: spec.limit,
              offset: spec.offset,
              chunkRows: spec.chunkRows,
              chunkBytes: spec.chunkBytes,
              resumeToken: token === undefined ? Buffer.alloc(0) : Buffer.from(token),
            };
            const start = () => endpoint.grpc.streamQuery(request, this.callMetadata(), this.callOptions(deadline));
            return { address: endpoint.address, chunks: readQueryStream(start, spec.signal) };
          },
          deadline,
        );
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

  private deadline(deadlineMs: number | undefined): number | undefined {
    const ms = deadlineMs ?? this.deadlineMs;
    return ms === undefined ? undefined : Date.now() + ms;
  }

  private callOptions(deadline: number | undefined): Partial<CallOptions> {
    return deadline === undefined ? {} : { deadline };
  }
}
