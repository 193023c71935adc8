import { Client, credentials, type Metadata, type ServiceError } from "@grpc/grpc-js";
import { StreamQueryResponse } from "../../../generated/fraiseql/wire/v1/query_service.js";
import type { StreamOutcome } from "../../support/testServer.js";

/** Sends `bytes` as the whole encoded StreamQuery request, as a broken or hostile client could. */
export function sendRaw(client: Client, bytes: Uint8Array, metadata: Metadata): Promise<StreamOutcome> {
  return new Promise((resolve) => {
    const messages: StreamQueryResponse[] = [];
    const call = client.makeServerStreamRequest(
      "/fraiseql.wire.v1.QueryService/StreamQuery",
      (b: Uint8Array) => Buffer.from(b),
      (b: Buffer) => StreamQueryResponse.decode(b),
      bytes,
      metadata,
    );
    call.on("data", (m: StreamQueryResponse) => messages.push(m));
    call.on("error", (error: ServiceError) => resolve({ messages, rows: messages.flatMap((m) => m.rows), error }));
    call.on("end", () => resolve({ messages, rows: messages.flatMap((m) => m.rows), error: undefined }));
  });
}

export function rawClient(address: string): Client {
  return new Client(address, credentials.createInsecure());
}
