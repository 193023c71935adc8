import { healthClient } from "../../support/genericClients.js";

/** grpc.health.v1 Check of fraiseql.wire.v1.QueryService, as a probe would read it: its status, or UNREACHABLE. */
export async function queryServiceHealth(address: string): Promise<string> {
  const client = healthClient(address);
  try {
    return await new Promise<string>((resolve) => {
      const timer = setTimeout(() => resolve("UNREACHABLE"), 1_000);
      client.check({ service: "fraiseql.wire.v1.QueryService" }, (error, response) => {
        clearTimeout(timer);
        resolve(error ? "UNREACHABLE" : response!.status);
      });
    });
  } finally {
    client.close();
  }
}
