import { makeClientConstructor, Metadata, status, type Client, type ServiceError } from "@grpc/grpc-js";
import { createCredentials } from "./createCredentials.js";
import { toWireClientError } from "./toWireClientError.js";
import type { WireClientOptions } from "./WireClientOptions.js";

/**
 * What grpc.health.v1 says about a service: SERVING when the server can serve streams now (it checks
 * PostgreSQL and its pool), NOT_SERVING when it cannot (database down, shutting down), and
 * SERVICE_UNKNOWN for a service name the server does not report on.
 */
export type ServingStatus = "SERVING" | "NOT_SERVING" | "UNKNOWN" | "SERVICE_UNKNOWN";

/** How {@link checkHealth} connects (as {@link WireClientOptions}) and what it asks. */
export interface HealthCheckOptions extends Pick<WireClientOptions, "tls" | "token" | "metadata" | "channelOptions"> {
  /** The service to ask about: "" (default) for the server as a whole, or "fraiseql.wire.v1.QueryService". */
  readonly service?: string;
  /** Give up after this many ms (default 5000): a health check must answer quickly or count as failed. */
  readonly deadlineMs?: number;
}

interface HealthClient extends Client {
  check(request: { service: string }, metadata: Metadata, options: { deadline: number }, callback: (error: ServiceError | null, response?: { status: string }) => void): void;
}

type HealthClientConstructor = new (...args: ConstructorParameters<typeof Client>) => HealthClient;

/** Loaded on first use: grpc-health-check parses its .proto at import, which SDK users need not pay for. */
async function healthClientConstructor(): Promise<HealthClientConstructor> {
  const { service } = await import("grpc-health-check");
  return makeClientConstructor(service, "grpc.health.v1.Health") as unknown as HealthClientConstructor;
}

/**
 * One grpc.health.v1 Check call. Resolves with the status the server reports; rejects with a
 * WireClientError when there is no answer (unreachable server: UNAVAILABLE; too slow: DEADLINE_EXCEEDED).
 *
 * @example
 * ```ts
 * import { checkHealth } from "fraiseql-wire/client";
 *
 * const status = await checkHealth("127.0.0.1:50051", { deadlineMs: 2000 });
 * process.exitCode = status === "SERVING" ? 0 : 1;
 * ```
 */
export async function checkHealth(address: string, options: HealthCheckOptions = {}): Promise<ServingStatus> {
  const HealthClient = await healthClientConstructor();
  const client = new HealthClient(address, createCredentials(options.tls), options.channelOptions);
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(options.metadata ?? {})) metadata.set(key, value);
  if (options.token !== undefined) metadata.set("authorization", `Bearer ${options.token}`);
  return await new Promise<ServingStatus>((resolve, reject) => {
    client.check({ service: options.service ?? "" }, metadata, { deadline: Date.now() + (options.deadlineMs ?? 5000) }, (error, response) => {
      // grpc.health.v1: Check answers NOT_FOUND for a service the server does not know.
      if (error?.code === status.NOT_FOUND) resolve("SERVICE_UNKNOWN");
      else if (error) reject(toWireClientError(error));
      else resolve(response?.status === "SERVING" || response?.status === "NOT_SERVING" ? response.status : "UNKNOWN");
    });
  }).finally(() => client.close());
}
