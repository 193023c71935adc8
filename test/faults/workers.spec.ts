import { credentials } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QueryServiceClient, type StreamQueryRequest } from "../../generated/fraiseql/wire/v1/query_service.js";
import { eventually } from "../support/activeBackends.js";
import type { Activity } from "./support/faultDatabase.js";
import { startFaultContext, type FaultContext } from "./support/faultContext.js";
import { openStream, readStream, type StreamResult } from "./support/openStream.js";
import { faultsSkipped, toxiproxyMissing } from "./support/toxiproxy.js";
import { wireOutcome } from "./support/wireOutcome.js";

// Issue 11: a server of two workers (FRAISEQL_WIRE_WORKERS=2), each with its own pool, through the
// same impatient clients as the storms, half of the calls small queries (sent whole in BEGIN's round
// trip: DECLARE, one FETCH, COMMIT) and half streams, with every backend terminated midway. Afterwards every
// worker serves, PostgreSQL shows no backend left in a transaction or running a query, no more
// backends than the two pools hold, nothing unhandled was logged, and SIGTERM ends the server with 0.
const POOL = 6;
let ctx: FaultContext;
beforeAll(async () => {
  if (faultsSkipped) return;
  ctx = await startFaultContext({ FRAISEQL_WIRE_WORKERS: "2", FRAISEQL_WIRE_POOL_SIZE: String(POOL) });
});
afterAll(async () => {
  await ctx?.close();
});

const CALLS = 800;
const CONCURRENCY = 40;
const CONNECTIONS = 4;

/** Even calls: a small query (limit within the first fetch); odd ones: a cursor over the whole range. */
const requestFor = (i: number): Partial<StreamQueryRequest> => (i % 2 === 0 ? { entity: "many", orderBy: "seq", limit: 40 } : { entity: "many", orderBy: "seq", chunkRows: 100 });

/** Cancelled by the client 0–30 ms after it starts, or (every third) ended by a deadline of 1–30 ms. */
function impatient(client: QueryServiceClient, i: number): Promise<StreamResult> {
  if (i % 3 === 2) return openStream(client, requestFor(i), 1 + Math.random() * 29).done;
  const stream = openStream(client, requestFor(i), 30_000);
  setTimeout(() => stream.cancel(), Math.random() * 30);
  return stream.done;
}

describe(`faults: two workers ${faultsSkipped ? `(SKIPPED: ${toxiproxyMissing})` : ""}`, () => {
  it.skipIf(faultsSkipped)("cancels and deadlines on small queries and cursors, spread over both workers and across a terminate of every backend, leak no backend and leave no transaction open", async () => {
    // Connections of their own: the primary hands them to the two workers in turn.
    const clients = Array.from({ length: CONNECTIONS }, () => new QueryServiceClient(ctx.server.address, credentials.createInsecure(), { "grpc.use_local_subchannel_pool": 1 }));
    const outcomes = new Map<string, number>();
    let next = 0;
    let terminated = 0;
    const worker = async (w: number): Promise<void> => {
      while (next < CALLS) {
        const i = next++;
        if (i === CALLS / 2) terminated = await ctx.db.terminateBackends();
        const { code } = wireOutcome((await impatient(clients[w % CONNECTIONS]!, i)).error);
        outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
    const shown = [...outcomes].map(([k, n]) => `${k}: ${n}`).join(", ");
    console.log(`two workers: ${CALLS} impatient calls (${terminated} backends terminated midway); ${shown}`);
    // The terminate may also end a call that was neither cancelled nor past its deadline yet.
    expect([...outcomes.keys()].filter((k) => !["OK", "CANCELLED", "DEADLINE_EXCEEDED", "UNAVAILABLE"].includes(k)), shown).toEqual([]);

    // Every worker serves at once: each connection's next small query and stream succeed.
    for (const client of clients) {
      for (const req of [requestFor(0), { entity: "items", limit: 3 }]) {
        const result = await readStream(client, req, 10_000);
        expect(result.error?.message).toBeUndefined();
      }
    }
    const stuck = (a: Activity): Activity["rows"] => a.rows.filter((r) => r.state?.startsWith("idle in transaction") || r.state === "active");
    // Each worker: its pool, its pool's probe and its health ping.
    const most = 2 * (POOL + 2);
    const activity = await eventually(() => ctx.db.activity(), (a) => a.count <= most && stuck(a).length === 0, 20_000);
    expect(stuck(activity), "backends left in a transaction or still running a query").toEqual([]);
    expect(activity.count, "server backends (at most both workers' pools and probes)").toBeLessThanOrEqual(most);
    expect(ctx.server.crashLines(), "unhandled/uncaught in the server's log").toEqual([]);
    for (const client of clients) client.close();

    ctx.server.kill("SIGTERM");
    expect(await ctx.server.exited).toEqual({ code: 0, signal: null });
    const gone = await eventually(() => ctx.db.activity(), (a) => a.count === 0, 20_000);
    expect(gone.rows, "backends left after the server exited").toEqual([]);
  });
});
