import { Client, credentials, Metadata, Server, ServerCredentials, type ServerWritableStream, type ServiceError } from "@grpc/grpc-js";

const PATH = "/fraiseql.wire.v1.QueryService/StreamQuery";
const bytes = (b: Buffer): Buffer => b;

export interface CuttingProxy {
  readonly address: string;
  /** Calls that went through, in order. */
  readonly calls: number;
  close(): void;
}

/** After how many messages a call is cut, and how: status OK (a number), or a status code without details. */
export type Cut = number | { readonly after: number; readonly code: number };

/**
 * A gRPC pass-through in front of a real server, as a load balancer or a proxy is: StreamQuery
 * requests and messages go through as bytes, untouched. Call i (0-based) is cut after `cuts[i]`
 * messages: the proxy ends it with status OK, before the server's final stats message, as a proxy
 * that closes streams early does; or with the status code given and no details, as a proxy that
 * resets the stream does. Calls past the list go through whole.
 */
export async function startCuttingProxy(upstream: string, cuts: readonly Cut[]): Promise<CuttingProxy> {
  const client = new Client(upstream, credentials.createInsecure());
  const server = new Server();
  let calls = 0;
  server.addService(
    {
      StreamQuery: {
        path: PATH,
        requestStream: false,
        responseStream: true,
        requestSerialize: bytes,
        requestDeserialize: bytes,
        responseSerialize: bytes,
        responseDeserialize: bytes,
        originalName: "streamQuery",
      },
    },
    {
      StreamQuery: (call: ServerWritableStream<Buffer, Buffer>) => {
        const cut = cuts[calls++];
        const cutAfter = typeof cut === "number" ? cut : cut?.after;
        const end = (): void => {
          if (typeof cut === "object") call.emit("error", { code: cut.code, details: "stream reset by the proxy", metadata: new Metadata() });
          else call.end();
        };
        if (cutAfter === 0) return end();
        const upstreamCall = client.makeServerStreamRequest<Buffer, Buffer>(PATH, bytes, bytes, call.request, new Metadata(), {});
        let sent = 0;
        upstreamCall.on("data", (message: Buffer) => {
          if (cutAfter !== undefined && sent >= cutAfter) return;
          call.write(message);
          sent += 1;
          if (sent === cutAfter) {
            upstreamCall.cancel();
            end();
          }
        });
        upstreamCall.on("error", (error: ServiceError) => {
          if (cutAfter === undefined || sent < cutAfter) call.emit("error", error);
        });
        upstreamCall.on("end", () => {
          if (cutAfter === undefined || sent < cutAfter) call.end();
        });
        call.on("cancelled", () => upstreamCall.cancel());
      },
    },
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (error, p) => (error ? reject(error) : resolve(p))),
  );
  return {
    address: `127.0.0.1:${port}`,
    get calls() {
      return calls;
    },
    close: () => {
      server.forceShutdown();
      client.close();
    },
  };
}
