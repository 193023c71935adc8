import { status, type ServiceError } from "@grpc/grpc-js";
import { afterEach, describe, expect, it } from "vitest";
import type { StreamQueryResponse } from "../../generated/fraiseql/wire/v1/query_service.js";
import { decodeDetails } from "../support/decodeDetails.js";
import { healthClient, reflectionClient } from "../support/genericClients.js";
import { collect, request, startTestServer, type TestServer } from "../support/testServer.js";

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(env: Record<string, string> = {}): Promise<TestServer> {
  const s = await startTestServer(env);
  servers.push(s);
  return s;
}

function check(address: string, service: string): Promise<string> {
  const client = healthClient(address);
  return new Promise((resolve, reject) =>
    client.check({ service }, (e, r) => {
      client.close();
      if (e) reject(e);
      else resolve(r!.status);
    }),
  );
}

describe("health, reflection and shutdown", () => {
  it("reports SERVING for the server and for QueryService while the database answers", async () => {
    const s = await start();
    expect(await check(s.address, "")).toBe("SERVING");
    expect(await check(s.address, "fraiseql.wire.v1.QueryService")).toBe("SERVING");
  });

  it("reports NOT_SERVING when the database does not answer", async () => {
    const s = await start({ DATABASE_URL: "postgres://nobody:secret@127.0.0.1:1/none" });
    expect(await check(s.address, "")).toBe("NOT_SERVING");
  });

  it("lists its services by reflection, so grpcurl needs no proto files", async () => {
    const s = await start();
    const client = reflectionClient(s.address);
    const call = client.ServerReflectionInfo();
    const reply = new Promise<{ list_services_response: { service: Array<{ name: string }> } }>((resolve, reject) => {
      call.on("data", (m: unknown) => resolve(m as never));
      call.on("error", reject);
    });
    call.write({ list_services: "" });
    const names = (await reply).list_services_response.service.map((x) => x.name);
    call.end();
    client.close();
    expect(names).toEqual(expect.arrayContaining(["fraiseql.wire.v1.QueryService", "grpc.health.v1.Health"]));
  });

  it("on shutdown turns NOT_SERVING, refuses new streams, and ends running ones with UNAVAILABLE after the grace period", async () => {
    const s = await start();
    const call = s.client.streamQuery(request({ entity: "large", chunkRows: 100 }));
    let rows = 0;
    const ended = new Promise<ServiceError | undefined>((resolve) => {
      call.on("error", resolve);
      call.on("end", () => resolve(undefined));
    });
    await new Promise<void>((resolve) =>
      call.on("data", (m: StreamQueryResponse) => {
        // v_large is ~220 MB: it cannot finish within the grace period.
        rows += m.rows.length;
        resolve();
      }),
    );
    const health = healthClient(s.address);
    const watch = health.watch({ service: "fraiseql.wire.v1.QueryService" });
    const seen: string[] = [];
    watch.on("data", (m: { status: string }) => seen.push(m.status));
    watch.on("error", () => {});
    await new Promise((r) => setTimeout(r, 100));
    const shutdown = s.server.shutdown(300);
    const error = await ended;
    await shutdown;
    health.close();
    expect(seen).toEqual(["SERVING", "NOT_SERVING"]);
    expect(error?.code).toBe(status.UNAVAILABLE);
    const info = decodeDetails(error!).errorInfo[0]!;
    expect(info.reason).toBe("SERVER_SHUTTING_DOWN");
    expect(Number(info.metadata["rowsReceived"])).toBe(rows);
    expect(info.metadata["retriable"]).toBe("true");
    const late = await collect(s.client, { entity: "numbers", limit: 1 });
    expect(late.error?.code).toBe(status.UNAVAILABLE);
  });

  it("lets a running stream finish when it ends within the grace period", async () => {
    const s = await start();
    const outcome = collect(s.client, { entity: "numbers" });
    await new Promise((r) => setTimeout(r, 20));
    await s.server.shutdown(5000);
    const { error, rows } = await outcome;
    expect(error).toBeUndefined();
    expect(rows).toHaveLength(20000);
  });
});
