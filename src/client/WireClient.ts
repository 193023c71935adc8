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
 * HTTP/2 channel per address across all its calls; create it once and {@link WireClient.close} it
 * when done. The channel opens lazily, on the first call.
 *
 * Streams resume by themselves after a retriable failure, on another address when there are
 * several ({@link Query.resume}, docs/resume.md).
 *
 * @example
 * ```ts
 * import { WireClient } from "fraiseql-wire/client";
 *
 * const client = new WireClient("127.0.0.1:50051"); // or ["host-a:50051", "host-b:50051"]
 * try {
 *   for await (const row of client.query("projects").limit(5)) console.log(row);
 * } finally {
 *   client.close();
 * }
 * ```
 */
export class WireClient {
  private readonly endpoints: Endpoints;
  private readonly metadata: Metadata;
  private readonly deadlineMs: number | undefined;
  private readonly resume: ResumePolicy;

  /**
   * @param address `host:port`, a gRPC target such as `dns:///wire.internal:50051` (balanced with
   *   round_robin over every address the name resolves to), or several replicas' addresses: new
   *   streams take them in turn and a broken stream resumes on the next one.
   * @param options TLS, credentials, deadline, auto-resume and grpc-js channel options.
   */
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

  /**
   * A query on an entity: `"projects"` reads view `v_projects` (or `tv_projects`) of the first
   * exposed schema that has it, `"test_staging.projects"` that schema's. Nothing is sent until the
   * query is iterated; each iteration is a new stream.
   *
   * @typeParam T the type you expect of each row: a promise you make, not a check (see
   *   {@link Query.validate}).
   *
   * @example
   * ```ts
   * import { WireClient, and, eq, ge } from "fraiseql-wire/client";
   *
   * interface Project { name: string; status: string; priority: number }
   *
   * const client = new WireClient("127.0.0.1:50051");
   * const active = client
   *   .query<Project>("projects")
   *   .where(and(eq("status", "active"), ge("priority", 3)))
   *   .orderBy("priority desc, name")
   *   .limit(10);
   * for await (const project of active) console.log(project.name, project.priority);
   * client.close();
   * ```
   */
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

  /**
   * The entities the server exposes (only those the caller may read), optionally of one schema
   * only; tries each address once on a retriable failure.
   *
   * @param schema only this schema's entities; `""` (default) for every exposed schema.
   * @throws {@link WireClientError} when no address answers.
   */
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
