import { createHash } from "node:crypto";
import { Metadata, type ServiceError } from "@grpc/grpc-js";
import type { QueryServiceClient } from "../../generated/fraiseql/wire/v1/query_service.js";

/** Call metadata carrying `authorization: Bearer <token>`, as the SDK and CLI send it. */
export function bearer(token: string): Metadata {
  const metadata = new Metadata();
  metadata.set("authorization", `Bearer ${token}`);
  return metadata;
}

/** The hex SHA-256 of a token, as FRAISEQL_WIRE_TOKENS_FILE stores it. */
export function sha256(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** ListEntities' qualified names, or its error. */
export function listNames(client: QueryServiceClient, metadata = new Metadata(), schema = ""): Promise<{ names: string[]; error: ServiceError | undefined }> {
  return new Promise((resolve) =>
    client.listEntities({ schema }, metadata, (error, response) =>
      resolve(error ? { names: [], error } : { names: response!.entities.map((e) => e.qualifiedName), error: undefined }),
    ),
  );
}
