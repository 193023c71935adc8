import { status } from "@grpc/grpc-js";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { WireClient, WireClientError, type QueryChunk, type ResumeEvent } from "../../src/client/index.js";
import { readDirect } from "../support/compareRows.js";
import { startCuttingProxy } from "../support/cuttingProxy.js";
import { dedicatedRole } from "../support/dedicatedRole.js";
import { startTestServer, type TestServer } from "../support/testServer.js";

// The SDK's side of resume tokens (issue 10) against the real server: tokens on messages,
// resumeFrom, what is and is not retried, a stream cut short by a proxy, and the final error.
let t: TestServer;
let client: WireClient;
let admin: postgres.Sql;
let role: { role: string; url: string };
const BY_BUCKET = "select data::text as data from wire_test.numbers order by data -> 'bucket' desc nulls last, data -> 'n' nulls last, id";
const BY_N = "select data::text as data from wire_test.numbers order by data -> 'n' nulls last";
beforeAll(async () => {
  // Small fetches: a 20,000-row stream is still reading its cursor well after its first messages.
  admin = postgres(inject("databaseUrl"), { max: 1, onnotice: () => {} });
  // A role of this file's own: the backends it terminates are its server's, never another file's.
  role = await dedicatedRole(admin, inject("databaseUrl"), "sdk", ["wire_test.v_numbers", "wire_test.v_numbers_unkeyed", "wire_test.v_items"]);
  t = await startTestServer({ DATABASE_URL: role.url, FRAISEQL_WIRE_FETCH_BYTES: "16384", FRAISEQL_WIRE_MAX_FETCH_ROWS: "500" });
  client = new WireClient(t.address);
});
afterAll(async () => {
  client.close();
  await admin.end({ timeout: 1 });
  await t.close();
});

const failure = (p: Promise<unknown>): Promise<WireClientError> =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => {
      expect(e).toBeInstanceOf(WireClientError);
      return e as WireClientError;
    },
  );

async function allRaw(query: { raw(): AsyncIterable<string> }): Promise<string[]> {
  const rows: string[] = [];
  for await (const row of query.raw()) rows.push(row);
  return rows;
}

describe("resume tokens in the SDK", () => {
  it("every message with rows carries a token; resumeFrom(token) continues right after that message with the original row indexes", async () => {
    const query = client.query("numbers").orderBy("bucket desc", "n").chunkRows(700);
    const chunks: QueryChunk[] = [];
    for await (const chunk of query.chunks()) chunks.push(chunk);
    expect(chunks.filter((c) => c.rows.length > 0).every((c) => c.resumeToken !== undefined && c.resumeToken.length > 0)).toBe(true);
    expect(chunks.at(-1)).toMatchObject({ rows: [], resumeToken: undefined, firstRowIndex: 20_000 });

    const expected = await readDirect(t.databaseUrl, BY_BUCKET);
    const fifth = chunks[4]!;
    const after = fifth.firstRowIndex + fifth.rows.length;
    const rest: QueryChunk[] = [];
    for await (const chunk of query.resumeFrom(fifth.resumeToken!).chunks()) rest.push(chunk);
    expect(rest[0]!.firstRowIndex).toBe(after);
    expect(rest.flatMap((c) => c.rows)).toEqual(expected.slice(after));
    // The same as base64 text, as an error's metadata or a log line would carry it.
    expect(await allRaw(query.resumeFrom(Buffer.from(fifth.resumeToken!).toString("base64")))).toEqual(expected.slice(after));
    expect(() => query.resumeFrom("")).toThrow(RangeError);
  });

  it("with resume(false), a failure after rows throws the token of the last message received, and resumeFrom(error.resumeToken) delivers exactly the rest", async () => {
    // No key column: the server cannot continue after its backend is terminated, so the call fails.
    const query = client.query("numbers_unkeyed").orderBy("n").chunkRows(100).resume(false);
    const rows: string[] = [];
    const error = await failure(
      (async () => {
        for await (const row of query.raw()) {
          rows.push(row);
          if (rows.length === 3_000) await admin`select pg_terminate_backend(pid) from pg_stat_activity where usename = ${role.role} and application_name = 'fraiseql-wire' and state <> 'idle'`;
        }
      })(),
    );
    expect(error).toMatchObject({ reason: "DATABASE_UNAVAILABLE", retriable: true, rowsReceived: rows.length, nextOffset: rows.length, attempts: 1 });
    expect(error.resumeToken?.length).toBeGreaterThan(0);
    const rest = await allRaw(client.query("numbers_unkeyed").orderBy("n").chunkRows(100).resumeFrom(error.resumeToken!));
    expect([...rows, ...rest]).toEqual(await readDirect(t.databaseUrl, BY_N));
  });

  it("a token of another query, or one that was tampered with, fails at once with INVALID_RESUME_TOKEN (never retried)", async () => {
    const chunks = client.query("numbers").orderBy("n").limit(10).chunks();
    const first = (await chunks[Symbol.asyncIterator]().next()).value as QueryChunk;
    const other = client.query("numbers").orderBy("bucket").limit(10).resumeFrom(first.resumeToken!);
    expect(await failure(other.toArray())).toMatchObject({ reason: "INVALID_RESUME_TOKEN", retriable: false, attempts: 1, metadata: { tokenProblem: "query" } });
    const tampered = Buffer.from(first.resumeToken!);
    tampered[tampered.length - 1]! ^= 1;
    const altered = client.query("numbers").orderBy("n").limit(10).resumeFrom(tampered);
    expect(await failure(altered.toArray())).toMatchObject({ reason: "INVALID_RESUME_TOKEN", attempts: 1, metadata: { tokenProblem: "tampered" } });
    expect(altered.attempts).toBe(1);
  });

  it("retries a full pool (TOO_MANY_STREAMS) after the server's RetryInfo delay, telling onResume; client-wide resume: false does not", async () => {
    const small = await startTestServer({ FRAISEQL_WIRE_POOL_SIZE: "1", FRAISEQL_WIRE_POOL_WAIT_MS: "100" });
    const busy = new WireClient(small.address);
    const strict = new WireClient(small.address, { resume: false });
    try {
      const holder = busy.query("numbers").chunkRows(10)[Symbol.asyncIterator]();
      await holder.next();
      expect(await failure(strict.query("items").toArray())).toMatchObject({ reason: "TOO_MANY_STREAMS", attempts: 1 });

      const events: ResumeEvent[] = [];
      const query = busy.query("items").resume({
        onResume: (event) => {
          events.push(event);
          void holder.return?.(); // the pool frees up while the SDK waits
        },
      });
      expect(await query.toArray()).toHaveLength(10);
      expect(query.attempts).toBe(2);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ attempt: 2, address: small.address, rowsReceived: 0, error: { reason: "TOO_MANY_STREAMS" } });
      expect(events[0]!.delayMs).toBeGreaterThanOrEqual(1_000);
    } finally {
      busy.close();
      strict.close();
      await small.close();
    }
  });

  it("an AbortSignal that fires while the SDK waits to resume ends the query with QUERY_CANCELLED at once", async () => {
    const small = await startTestServer({ FRAISEQL_WIRE_POOL_SIZE: "1", FRAISEQL_WIRE_POOL_WAIT_MS: "100" });
    const busy = new WireClient(small.address);
    try {
      const holder = busy.query("numbers").chunkRows(10)[Symbol.asyncIterator]();
      await holder.next();
      const abort = new AbortController();
      const started = Date.now();
      const query = busy.query("items").signal(abort.signal).resume({ onResume: () => abort.abort(new Error("enough")) });
      const error = await failure(query.toArray());
      expect(error).toMatchObject({ reason: "QUERY_CANCELLED", attempts: 1 });
      expect(Date.now() - started, "not after the 1 s RetryInfo delay").toBeLessThan(900);
      await holder.return?.();
    } finally {
      busy.close();
      await small.close();
    }
  });

  it("a stream a proxy ends early (status OK, no stats) is resumed after the last message received; rows identical to SQL", async () => {
    const proxy = await startCuttingProxy(t.address, [3, 5]);
    const viaProxy = new WireClient(proxy.address);
    try {
      const events: ResumeEvent[] = [];
      const query = viaProxy.query("numbers").orderBy("bucket desc", "n").chunkRows(1_000).resume({ onResume: (e) => events.push(e) });
      const rows = await allRaw(query);
      expect(rows).toEqual(await readDirect(t.databaseUrl, BY_BUCKET));
      expect(query.attempts).toBe(3);
      expect(events.map((e) => e.error.reason)).toEqual(["STREAM_INTERRUPTED", "STREAM_INTERRUPTED"]);
      // Cut after 3 messages, then 5 more: each resume starts where the consumer stood.
      expect(events[0]!.rowsReceived).toBeGreaterThan(0);
      expect(events[1]!.rowsReceived).toBeGreaterThan(events[0]!.rowsReceived);
    } finally {
      viaProxy.close();
      proxy.close();
    }
  });

  it("a stream a proxy resets (CANCELLED without details, while the consumer still reads) is resumed too; rows identical to SQL", async () => {
    const proxy = await startCuttingProxy(t.address, [{ after: 4, code: status.CANCELLED }]);
    const viaProxy = new WireClient(proxy.address);
    try {
      const events: ResumeEvent[] = [];
      const query = viaProxy.query("numbers").orderBy("bucket desc", "n").resume({ onResume: (e) => events.push(e) });
      expect(await allRaw(query)).toEqual(await readDirect(t.databaseUrl, BY_BUCKET));
      expect(events.map((e) => [e.error.reason, e.error.retriable])).toEqual([["CANCELLED", false]]);
    } finally {
      viaProxy.close();
      proxy.close();
    }
  });

  it("with resume(false), a stream cut short fails STREAM_INTERRUPTED with the token to continue from", async () => {
    const proxy = await startCuttingProxy(t.address, [2]);
    const viaProxy = new WireClient(proxy.address);
    try {
      const query = viaProxy.query("numbers").orderBy("n").chunkRows(1_000);
      const rows: string[] = [];
      const error = await failure(
        (async () => {
          for await (const row of query.resume(false).raw()) rows.push(row);
        })(),
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(error).toMatchObject({ reason: "STREAM_INTERRUPTED", retriable: true, rowsReceived: rows.length, nextOffset: rows.length, attempts: 1 });
      rows.push(...(await allRaw(query.resumeFrom(error.resumeToken!))));
      expect(rows).toEqual(await readDirect(t.databaseUrl, "select data::text as data from wire_test.numbers order by data -> 'n' nulls last, id"));
    } finally {
      viaProxy.close();
      proxy.close();
    }
  });
});
