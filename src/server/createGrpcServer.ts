import { dirname, join } from "node:path";
import { Server, type sendUnaryData, type ServerWritableStream, type StatusObject, type UntypedServiceImplementation } from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import { ReflectionService } from "@grpc/reflection";
import { protoPath as healthProtoPath } from "grpc-health-check";
import { findProtoDir } from "./findProtoDir.js";
import { handleListEntities } from "./handleListEntities.js";
import { handleStreamQuery } from "./handleStreamQuery.js";
import { linkDescriptors } from "./linkDescriptors.js";
import type { HealthMonitor } from "./HealthMonitor.js";
import { queryServiceDefinition } from "./queryServiceDefinition.js";
import type { ServerState } from "./ServerState.js";
import { withCaller } from "./withCaller.js";

/** The gRPC server: QueryService, grpc.health.v1 and server reflection (grpcurl needs no proto files). */
export function createGrpcServer(state: ServerState, health: HealthMonitor): Server {
  const server = new Server({
    // Pings find dead clients on long, idle-looking streams so their connections are released.
    "grpc.keepalive_time_ms": state.keepAlive.timeMs,
    "grpc.keepalive_timeout_ms": state.keepAlive.timeoutMs,
    "grpc.keepalive_permit_without_calls": 1,
    "grpc.http2.min_ping_interval_without_data_ms": 10_000,
    // Above FRAISEQL_WIRE_MAX_REQUEST_BYTES (at most 4 MiB), so that the deserializer, not grpc-js,
    // refuses a large request, with INVALID_ARGUMENT and the limit.
    "grpc.max_receive_message_length": Math.max(4 * 1024 * 1024, state.maxRequestBytes + 1),
    // channelz keeps per-call bookkeeping (trace events, counters) nobody reads here: measured in
    // BENCHMARKS.md (small-query rate).
    "grpc.enable_channelz": 0,
  });
  server.addService(queryServiceDefinition(state.maxRequestBytes), {
    streamQuery: withCaller(state, "StreamQuery", refuseStream, handleStreamQuery(state)),
    listEntities: withCaller(state, "ListEntities", refuseUnary, handleListEntities(state)),
  } as UntypedServiceImplementation);
  health.implementation.addToServer(server);

  const protoDir = findProtoDir();
  const definitions = loadSync(
    ["fraiseql/wire/v1/query_service.proto", "google/rpc/status.proto", "google/rpc/error_details.proto", healthProtoPath],
    { includeDirs: [protoDir, dirname(dirname(dirname(healthProtoPath))), join(protoDir, "..")], keepCase: true },
  );
  new ReflectionService(linkDescriptors(definitions)).addToServer(server);
  return server;
}

function refuseStream(call: ServerWritableStream<unknown, unknown>, _rest: [], status: StatusObject): void {
  call.emit("error", status);
}

function refuseUnary(_call: unknown, [callback]: [sendUnaryData<unknown>], status: StatusObject): void {
  callback(status);
}
