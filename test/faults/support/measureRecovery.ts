import { healthClient } from "../../support/genericClients.js";
import type { FaultContext } from "./faultContext.js";
import { readStream, type StreamResult } from "./openStream.js";

/** How long the service took to serve again after a fault, for the fault matrix in TESTING_GUIDE.md. */
export interface RecoveryTime {
  /** From the end of the fault to health SERVING (for fraiseql.wire.v1.QueryService). */
  readonly servingMs: number;
  /** From the end of the fault to the end of the first call after SERVING (a 3-row read). */
  readonly recoveredMs: number;
  /** That first call: the scenario asserts it succeeded at its first try. */
  readonly firstCall: StreamResult;
}

/**
 * Polls health from `faultEndedAt` (Date.now() when the fault ended) until SERVING, then makes one
 * small call. Measures only: the caller asserts `firstCall` succeeded. Gives up polling after
 * `boundMs` and makes the call anyway, so that a slow recovery fails on the call, not here.
 */
export async function measureRecovery(ctx: FaultContext, faultEndedAt: number, boundMs = 30_000): Promise<RecoveryTime> {
  const client = healthClient(ctx.server.address);
  let servingAt: number | undefined;
  try {
    while (servingAt === undefined && Date.now() - faultEndedAt < boundMs) {
      const status = await new Promise<string>((resolve) => {
        const timer = setTimeout(() => resolve("UNREACHABLE"), 1_000);
        client.check({ service: "fraiseql.wire.v1.QueryService" }, (error, response) => {
          clearTimeout(timer);
          resolve(error ? "UNREACHABLE" : response!.status);
        });
      });
      if (status === "SERVING") servingAt = Date.now();
      else await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    client.close();
  }
  const firstCall = await readStream(ctx.client, { entity: "items", limit: 3 }, 10_000);
  return { servingMs: (servingAt ?? Date.now()) - faultEndedAt, recoveredMs: firstCall.endedAt - faultEndedAt, firstCall };
}
