import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { WireClient } from "../../src/client/index.js";
import { dedicatedRole } from "../support/dedicatedRole.js";
import { compareRows, readDirect } from "../support/compareRows.js";
import { Replica, replicaEnv } from "../support/serverReplicas.js";

// Issue 10, test 3: two replicas of the service on two ports, sharing FRAISEQL_WIRE_RESUME_KEY; the
// client is given both. SIGKILL the replica serving a stream, at a random row: the SDK finishes the
// stream on the other one, with the rows of a direct SQL read, in order, each once.
const url = inject("databaseUrl");
// Each replica logs in as a role of its own (and of this file's), so that pg_stat_activity tells which
// replica serves a stream, whatever the test files beside this one run.
let roleA: { role: string; url: string };
let roleB: { role: string; url: string };
const ROWS = 20_000;
const STATEMENT = "select data::text as data from wire_test.numbers order by data -> 'even' desc nulls last, data -> 'n' nulls last, id";
const small = { FRAISEQL_WIRE_FETCH_BYTES: "16384", FRAISEQL_WIRE_MAX_FETCH_ROWS: "500" };
let a: Replica;
let b: Replica;
let admin: postgres.Sql;
let expected: string[];
beforeAll(async () => {
  admin = postgres(url, { max: 1, onnotice: () => {} });
  [roleA, roleB] = [await dedicatedRole(admin, url, "replicas_a", ["wire_test.v_numbers"]), await dedicatedRole(admin, url, "replicas_b", ["wire_test.v_numbers"])];
  [a, b] = await Promise.all([Replica.start(replicaEnv(roleA.url, small)), Replica.start(replicaEnv(roleB.url, small))]);
  expected = await readDirect(url, STATEMENT);
});
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await admin?.end({ timeout: 1 });
});

// In the first half: with 10,000 rows still to come the server is certainly still reading them.
const randomRow = (): number => 500 + Math.floor(Math.random() * (ROWS / 2 - 500));

/**
 * The replica whose database backend is busy with a stream now (its user says which), or undefined
 * when no backend is: near the end of the stream the server may already hold every remaining row in
 * its bounded buffer and have committed, and then only the client knows which replica serves it.
 */
async function busyReplica(): Promise<Replica | undefined> {
  const rows = await admin<{ usename: string }[]>`select usename from pg_stat_activity where usename in (${roleA.role}, ${roleB.role}) and application_name = 'fraiseql-wire' and state <> 'idle'`;
  expect(rows.length, "at most one busy stream backend").toBeLessThanOrEqual(1);
  if (rows.length === 0) return undefined;
  return rows[0]!.usename === roleB.role ? b : a;
}

/** Reads the stream with raw(); at row `killAt`, SIGKILLs the replica `pick` names. */
async function readKillingOne(query: ReturnType<WireClient["query"]>, killAt: number, pick: () => Promise<Replica>) {
  const rows: string[] = [];
  let killed: Replica | undefined;
  let servedBy: string | undefined;
  for await (const row of query.raw()) {
    rows.push(row);
    if (rows.length === killAt) {
      servedBy = query.address;
      killed = await pick();
      await killed.kill();
    }
  }
  return { rows, killed: killed!, servedBy, finishedBy: query.address, attempts: query.attempts };
}

describe("auto-resume across replicas", () => {
  it.each([1, 2, 3])("new WireClient([a, b]): SIGKILL of the replica serving the stream at a random row (run %i); the SDK finishes on the other, rows identical to SQL", async (run) => {
    // A new client starts with its first address: both orders, so that each replica gets killed.
    const client = new WireClient(run % 2 === 1 ? [a.address, b.address] : [b.address, a.address]);
    const killAt = randomRow();
    try {
      const query = client.query("numbers").orderBy("even desc", "n").chunkRows(100);
      const read = await readKillingOne(query, killAt, async () => {
        const busy = await busyReplica();
        if (busy !== undefined) expect(busy.address, "query.address names the replica serving the stream").toBe(query.address);
        return busy ?? (query.address === a.address ? a : b);
      });
      const other = read.killed === a ? b : a;
      expect({ finishedBy: read.finishedBy, attempts: read.attempts }, `killed ${read.killed.address} at row ${killAt}`).toEqual({ finishedBy: other.address, attempts: 2 });
      const comparison = compareRows(read.rows, expected);
      expect(comparison).toEqual({ ...comparison, received: ROWS, duplicates: 0, missing: 0, firstMismatch: -1, receivedChecksum: comparison.expectedChecksum });
      console.log(`resume replicas: killed ${read.servedBy} at row ${killAt}; finished on ${read.finishedBy}; ${read.attempts} calls; ${ROWS} rows, 0 duplicates, 0 missing`);

      // While it is down, new streams go to the replica that is up (at most one failed call each).
      for (let i = 0; i < 4; i++) {
        const next = client.query("numbers").limit(10);
        expect(await next.toArray()).toHaveLength(10);
        expect(next.attempts).toBeLessThanOrEqual(2);
        expect(next.address).toBe(other.address);
      }
      // listEntities tries the next address when one fails: a new client, the dead replica first.
      const fresh = new WireClient([read.killed.address, other.address]);
      try {
        expect((await fresh.listEntities()).map((e) => e.name)).toContain("numbers");
      } finally {
        fresh.close();
      }
      await read.killed.restart();
    } finally {
      client.close();
    }
  });

  it("an ipv4:a,b target (one channel, grpc-js round_robin): SIGKILL of the serving replica; the stream finishes on the other, rows identical to SQL", async () => {
    const client = new WireClient(`ipv4:${a.address},${b.address}`);
    const killAt = randomRow();
    try {
      const query = client.query("numbers").orderBy("even desc", "n").chunkRows(100);
      const run = await readKillingOne(query, killAt, async () => {
        const busy = await busyReplica();
        expect(busy, "a busy stream backend in the first half of the stream").toBeDefined();
        return busy!;
      });
      expect(run.attempts, `killed ${run.killed.address} at row ${killAt}`).toBeGreaterThanOrEqual(2);
      const comparison = compareRows(run.rows, expected);
      expect(comparison).toEqual({ ...comparison, received: ROWS, duplicates: 0, missing: 0, firstMismatch: -1, receivedChecksum: comparison.expectedChecksum });
      await run.killed.restart();
    } finally {
      client.close();
    }
  });
});
