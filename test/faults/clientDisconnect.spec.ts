import { credentials } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QueryServiceClient } from "../../generated/fraiseql/wire/v1/query_service.js";
import { eventually } from "../support/activeBackends.js";
import { expectRecovered, takeBaseline, type Baseline } from "./support/checkRecovered.js";
import { controlledStream } from "./support/controlledStream.js";
import type { Activity } from "./support/faultDatabase.js";
import { startFaultContext, type FaultContext } from "./support/faultContext.js";
import { measureRecovery } from "./support/measureRecovery.js";
import { faultsSkipped, toxiproxyMissing, type Proxy } from "./support/toxiproxy.js";
import { wireOutcome } from "./support/wireOutcome.js";

// The server pings every client connection each second and drops one that leaves a ping unanswered
// for a second: a client that vanished is found within about two.
const KEEPALIVE_TIME_MS = 1_000;
const KEEPALIVE_TIMEOUT_MS = 1_000;
// A bound on a hang, not a speed assertion: without keepalive the stream would wait for drain forever.
const RELEASE_BOUND_MS = 10_000;

let ctx: FaultContext;
let baseline: Baseline;
/** The proxy between a test client and the server: put client-side toxics here. */
let clientLink: Proxy;
beforeAll(async () => {
  if (faultsSkipped) return;
  ctx = await startFaultContext({
    FRAISEQL_WIRE_GRPC_KEEPALIVE_TIME_MS: String(KEEPALIVE_TIME_MS),
    FRAISEQL_WIRE_GRPC_KEEPALIVE_TIMEOUT_MS: String(KEEPALIVE_TIMEOUT_MS),
  });
  baseline = await takeBaseline(ctx);
  clientLink = await ctx.toxiproxy.createProxy("grpc-client", ctx.server.address);
});
afterAll(async () => {
  await ctx?.close();
});

/** A client of its own connection through the client link (grpc-js shares connections between clients otherwise). */
function proxiedClient(): QueryServiceClient {
  return new QueryServiceClient(clientLink.listen, credentials.createInsecure(), { "grpc.use_local_subchannel_pool": 1 });
}

type Row = Activity["rows"][number];
const busy = (row: Row | undefined): boolean => row !== undefined && (row.state === "active" || row.state?.startsWith("idle in transaction") === true);

/** The backend of the one stream running now: the one with our cursor in its last statement. */
async function streamBackend(): Promise<Row | undefined> {
  const activity = await eventually(
    () => ctx.db.activity(),
    (a) => a.rows.some((r) => r.query.includes("fraiseql_wire_rows") && busy(r)),
    5_000,
  );
  return activity.rows.find((r) => r.query.includes("fraiseql_wire_rows") && busy(r));
}

/** Waits until that backend is out of its transaction (or gone); ms taken, or undefined after the bound. */
async function releasedWithin(pid: number, sinceMs: number): Promise<{ ms: number | undefined; row: Row | undefined }> {
  const activity = await eventually(
    () => ctx.db.activity(),
    (a) => !busy(a.rows.find((r) => r.pid === pid)),
    RELEASE_BOUND_MS,
  );
  const row = activity.rows.find((r) => r.pid === pid);
  return { ms: busy(row) ? undefined : Date.now() - sinceMs, row };
}

describe(`faults: client disconnects ${faultsSkipped ? `(SKIPPED: ${toxiproxyMissing})` : ""}`, () => {
  it.skipIf(faultsSkipped)("a client connection reset mid-stream: the server ends the stream and its database connection returns to the pool", async () => {
    const client = proxiedClient();
    try {
      const stream = controlledStream(client, { entity: "many", orderBy: "seq", chunkRows: 500 });
      expect(await stream.firstMessage, "the stream started").toBe(true);
      const backend = await streamBackend();
      expect(backend, "the stream's backend, busy").toBeDefined();
      // reset_peer closes the connection at its next byte from the server (rows, or a keepalive ping).
      // toxiproxy 2.12 sends a true RST (SO_LINGER 0) only on connections opened under the toxic; this
      // one predates it and is closed both ways at once: the server sees its client's connection end.
      const toxic = await clientLink.addToxic({ type: "reset_peer", timeout: 0 }, "downstream");
      const faultAt = Date.now();
      const released = await releasedWithin(backend!.pid, faultAt);
      const result = await stream.done;
      await clientLink.removeToxic(toxic);
      const recovery = await measureRecovery(ctx, Date.now());

      const outcome = wireOutcome(result.error);
      console.log(
        `fault-matrix: client connection reset mid-stream | client: ${outcome.summary} after ${result.rows.length} rows; server: database connection back in ${released.ms} ms | recovered in ${recovery.recoveredMs} ms (SERVING ${recovery.servingMs} ms)`,
      );
      expect(released.ms, `the stream's backend ${backend!.pid} within ${RELEASE_BOUND_MS} ms; now ${JSON.stringify(released.row)}`).toBeDefined();
      // The client learns its connection is gone: the call cannot end as a complete stream.
      expect(outcome.code).toBe("UNAVAILABLE");
      expect(recovery.firstCall.error?.message, "the first call after SERVING").toBeUndefined();
      await expectRecovered(ctx, baseline);
    } finally {
      client.close();
    }
  });

  it.skipIf(faultsSkipped)("a client that vanishes silently while not reading: keepalive finds it, the stream ends and its database connection returns to the pool", async () => {
    const client = proxiedClient();
    try {
      // The reader stops at the first message: the server fills the transport and waits for drain,
      // its transaction open and idle.
      const stream = controlledStream(client, { entity: "many", orderBy: "seq", chunkRows: 500 }, { pauseAtFirst: true });
      expect(await stream.firstMessage, "the stream started").toBe(true);
      const backend = await eventually(streamBackend, (r) => r?.state === "idle in transaction", 5_000);
      expect(backend?.state, "the stream's backend waits for the client, in its transaction").toBe("idle in transaction");
      // Every byte dropped both ways, nothing closed: no RST, no FIN, pings unanswered.
      const toxics = [await clientLink.addToxic({ type: "timeout", timeout: 0 }, "upstream"), await clientLink.addToxic({ type: "timeout", timeout: 0 }, "downstream")];
      const faultAt = Date.now();
      const released = await releasedWithin(backend!.pid, faultAt);
      for (const name of toxics) await clientLink.removeToxic(name);
      const removedAt = Date.now();
      // Removing a timeout toxic closes the connections under it: the client learns only now.
      stream.call.resume();
      const ended = await Promise.race([stream.done, new Promise<undefined>((r) => setTimeout(r, 10_000))]);
      if (ended === undefined) stream.call.cancel();
      const recovery = await measureRecovery(ctx, removedAt);

      const outcome = ended === undefined ? "no end within 10 s (cancelled)" : wireOutcome(ended.error).summary;
      console.log(
        `fault-matrix: client vanishes silently, not reading | client: ${outcome}; server: database connection back in ${released.ms} ms | recovered in ${recovery.recoveredMs} ms (SERVING ${recovery.servingMs} ms)`,
      );
      expect(released.ms, `the stream's backend ${backend!.pid} within ${RELEASE_BOUND_MS} ms; now ${JSON.stringify(released.row)}`).toBeDefined();
      expect(recovery.firstCall.error?.message, "the first call after SERVING").toBeUndefined();
      await expectRecovered(ctx, baseline);
    } finally {
      client.close();
    }
  });
});
