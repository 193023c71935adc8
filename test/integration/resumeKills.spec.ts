import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { WireClient, WireClientError, type Query } from "../../src/client/index.js";
import { compareRows, readDirect, type RowComparison } from "../support/compareRows.js";
import { dedicatedRole } from "../support/dedicatedRole.js";
import { Replica, replicaEnv } from "../support/serverReplicas.js";

// Issue 10, test 1: the stream's serving path killed 3 times mid-stream, at random rows, through the
// SDK's auto-resume; the rows must equal a direct SQL read of the same query (count, order, every
// row's checksum). Two ways of killing it:
// - SIGKILL of the server process (started again on its address);
// - pg_terminate_backend of the stream's backend: the server fails the call DATABASE_UNAVAILABLE
//   with the token of its last message, and the SDK resumes: by keyset on an entity with a key
//   column, by offset on one without.
let replica: Replica;
let admin: postgres.Sql;
// The replicas log in as a role of this file's own: the backends it terminates are its own, never the
// streams of the test files running beside it.
let role: { role: string; url: string };
const url = inject("databaseUrl");
beforeAll(async () => {
  // Small fetches, so that a stream of 20,000 short rows is still reading its cursor when killed.
  admin = postgres(url, { max: 1, onnotice: () => {} });
  role = await dedicatedRole(admin, url, "kills", ["wire_test.v_numbers", "wire_test.v_numbers_unkeyed"]);
  replica = await Replica.start(replicaEnv(role.url, { FRAISEQL_WIRE_FETCH_BYTES: "16384", FRAISEQL_WIRE_MAX_FETCH_ROWS: "500" }));
});
afterAll(async () => {
  await replica?.stop();
  await admin?.end({ timeout: 1 });
});

const KILLS = 3;

/** 200 to 2,200 rows: how far the consumer reads on before the next kill. */
const randomGap = (): number => 200 + Math.floor(Math.random() * 2_000);

interface Killing {
  readonly rows: string[];
  readonly resumes: string[];
  readonly attempts: number;
  /** The rows at which the consumer killed the serving path. */
  readonly killedAt: number[];
}

/**
 * Reads every row with raw(), and kills the stream's serving path KILLS times at random rows: each
 * time the consumer waits for `kill`, then reads on. A kill is made only once the one before has
 * taken effect (`ready`), since rows already buffered keep arriving after it.
 */
async function readKilling(query: Query, kill: (resumes: number) => Promise<void>, ready: (resumes: number) => boolean): Promise<Killing> {
  const rows: string[] = [];
  const resumes: string[] = [];
  const resumed = query.resume({ onResume: (e) => resumes.push(`${e.error.reason} after ${e.rowsReceived} rows, waiting ${e.delayMs} ms`) });
  const killedAt: number[] = [];
  let next = randomGap();
  for await (const row of resumed.raw()) {
    rows.push(row);
    if (killedAt.length < KILLS && rows.length >= next && ready(resumes.length)) {
      killedAt.push(rows.length);
      await kill(resumes.length);
      next = rows.length + randomGap();
    }
  }
  expect(killedAt, "every kill was made before the stream ended").toHaveLength(KILLS);
  return { rows, resumes, attempts: resumed.attempts, killedAt };
}

function expectIdentical(comparison: RowComparison, label: string): void {
  expect(comparison, label).toEqual({ ...comparison, received: comparison.expected, duplicates: 0, missing: 0, firstMismatch: -1, receivedChecksum: comparison.expectedChecksum });
}

describe("auto-resume through kills of the stream's serving path", () => {
  it("SIGKILL of the server 3 times at random rows: the SDK resumes on the restarted server with keyset tokens; rows identical to SQL", async () => {
    const client = new WireClient(replica.address);
    let restart: Promise<void> = Promise.resolve();
    let restarted = true;
    let resumesAtKill = -1;
    try {
      const query = client.query("numbers").orderBy("bucket desc", "label").chunkRows(20);
      const run = await readKilling(
        query,
        async (resumes) => {
          resumesAtKill = resumes;
          await replica.kill();
          // Not awaited: the SDK's first tries find nothing listening, as after a real crash.
          restarted = false;
          restart = replica.restart().then(() => void (restarted = true));
        },
        // Each kill once the server is back and the SDK resumed after the kill before.
        (resumes) => restarted && resumes > resumesAtKill,
      );
      await restart;
      const expected = await readDirect(url, "select data::text as data from wire_test.numbers order by data -> 'bucket' desc nulls last, data -> 'label' nulls last, id");
      const comparison = compareRows(run.rows, expected);
      console.log(`resume kills: SIGKILL at rows ${run.killedAt.join(", ")}: ${run.attempts} calls; ${run.resumes.join("; ")}`);
      expectIdentical(comparison, `SIGKILL at rows ${run.killedAt.join(", ")}; resumes: ${run.resumes.join("; ")}`);
      expect(run.attempts, "one call, and at least one more per kill").toBeGreaterThanOrEqual(KILLS + 1);
    } finally {
      await restart;
      client.close();
    }
  });

  it("a server started again without FRAISEQL_WIRE_RESUME_KEY refuses the token of the one before: INVALID_RESUME_TOKEN (foreign), not retried, with how far the stream got", async () => {
    const env = replicaEnv(role.url, { FRAISEQL_WIRE_FETCH_BYTES: "16384", FRAISEQL_WIRE_MAX_FETCH_ROWS: "500" });
    delete env["FRAISEQL_WIRE_RESUME_KEY"];
    const keyless = await Replica.start(env);
    const client = new WireClient(keyless.address);
    const rows: string[] = [];
    try {
      const query = client.query("numbers").orderBy("n").chunkRows(100);
      const error = await (async () => {
        for await (const row of query.raw()) {
          rows.push(row);
          if (rows.length === 1_000) {
            await keyless.kill();
            await keyless.restart();
          }
        }
      })().catch((e: unknown) => e);
      expect(error).toMatchObject({ reason: "INVALID_RESUME_TOKEN", retriable: false, metadata: { tokenProblem: "foreign" }, rowsReceived: rows.length, nextOffset: rows.length });
      expect(query.attempts).toBeGreaterThanOrEqual(2);
      expect((error as WireClientError).resumeToken?.length).toBeGreaterThan(0);
    } finally {
      client.close();
      await keyless.stop();
    }
  });

  it.each([
    { entity: "numbers", orderBy: ["bucket", "n"], tokens: "keyset", statement: "select data::text as data from wire_test.numbers order by data -> 'bucket' nulls last, data -> 'n' nulls last, id" },
    { entity: "numbers_unkeyed", orderBy: ["n"], tokens: "offset", statement: "select data::text as data from wire_test.numbers order by data -> 'n' nulls last" },
  ])("pg_terminate_backend of the stream's backend 3 times on $entity: the SDK resumes by $tokens; rows identical to SQL", async ({ entity, orderBy, statement }) => {
    const client = new WireClient(replica.address);
    let resumesAtKill = -1;
    try {
      const query = client.query(entity).orderBy(...orderBy).chunkRows(20);
      const run = await readKilling(
        query,
        async (resumes) => {
          resumesAtKill = resumes;
          expect(await terminateBusy(), "the stream's backend was found").toBeGreaterThanOrEqual(1);
        },
        // Each kill once the SDK resumed after the one before.
        (resumes) => resumes > resumesAtKill,
      );
      console.log(`resume kills: terminate (${entity}) at rows ${run.killedAt.join(", ")}: ${run.attempts} calls; ${run.resumes.join("; ")}`);
      expectIdentical(compareRows(run.rows, await readDirect(url, statement)), `terminate at rows ${run.killedAt.join(", ")}; resumes: ${run.resumes.join("; ")}`);
      expect(run.resumes.filter((r) => r.startsWith("DATABASE_UNAVAILABLE")), "a resume after each terminate").toHaveLength(KILLS);
    } finally {
      client.close();
    }
  });
});

async function terminateBusy(): Promise<number> {
  const terminated = await admin`select pg_terminate_backend(pid) from pg_stat_activity where usename = ${role.role} and application_name = 'fraiseql-wire' and state <> 'idle'`;
  return terminated.length;
}
