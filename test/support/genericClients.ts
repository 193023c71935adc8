import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { credentials, loadPackageDefinition, type Client, type GrpcObject, type ServiceClientConstructor } from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import { protoPath as healthProtoPath } from "grpc-health-check";

const require = createRequire(import.meta.url);

function load(file: string, includeDir: string): GrpcObject {
  return loadPackageDefinition(loadSync(file, { includeDirs: [includeDir], keepCase: true, longs: String, enums: String, defaults: true }));
}

function lookup(root: GrpcObject, path: string): ServiceClientConstructor {
  return path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root) as ServiceClientConstructor;
}

/** A grpc.health.v1 client, as a Kubernetes probe or grpc-health-probe would use. */
export function healthClient(address: string): Client & {
  check(req: { service: string }, cb: (e: Error | null, r?: { status: string }) => void): void;
  watch(req: { service: string }): import("@grpc/grpc-js").ClientReadableStream<{ status: string }>;
} {
  const Health = lookup(load(healthProtoPath, dirname(healthProtoPath)), "grpc.health.v1.Health");
  return new Health(address, credentials.createInsecure()) as never;
}

/** A server reflection v1 client, as grpcurl uses. */
export function reflectionClient(address: string): Client & { ServerReflectionInfo(): import("@grpc/grpc-js").ClientDuplexStream<unknown, unknown> } {
  const protoDir = join(dirname(require.resolve("@grpc/reflection/package.json")), "build", "proto");
  const Reflection = lookup(load("grpc/reflection/v1/reflection.proto", protoDir), "grpc.reflection.v1.ServerReflection");
  return new Reflection(address, credentials.createInsecure()) as never;
}
