import { Metadata, status } from "@grpc/grpc-js";
import postgres from "postgres";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { ListEntitiesRequest, Resume, type StreamQueryRequest, type StreamQueryResponse } from "../../generated/fraiseql/wire/v1/query_service.js";
import { decodeDetails } from "../support/decodeDetails.js";
import { dedicatedRole } from "../support/dedicatedRole.js";
import { collect, startTestServer, type TestServer } from "../support/testServer.js";

// Resume tokens through the real server and PostgreSQL (issue 10): every message with rows names
// the position after its last row, and a request with that token continues exactly there.
const KEY = "resume-test-key-0123456789abcdef0123456789";
const servers: TestServer[] = [];
let t: TestServer;
// The server whose backends the tests terminate: it logs in as a role of this file's own, so that
// the terminations never reach the streams of the test files running beside this one.
let k: TestServer;
let role: { role: string; url: string };
let admin: postgres.Sql;

async function start(env: Record<string, string> = {}): Promise<TestServer> {
  const s = await startTestServer({ FRAISEQL_WIRE_RESUME_KEY: KEY, ...env });
  servers.push(s);
  return s;
}
beforeAll(async () => {
  admin = postgres(inject("databaseUrl"), { max: 2, onnotice: () => {} });
  t = await startTestServer({ FRAISEQL_WIRE_RESUME_KEY: KEY });
  await admin`drop table if exists wire_test.resumable cascade`;
  await admin`create table wire_test.resumable (id int primary key, data jsonb not null)`;
  await admin`insert into wire_test.resumable select g, jsonb_build_object('n', g, 'bucket', g % 7, 'pad', repeat('r', 50)) from generate_series(1, 3000) g`;
  await admin`create view wire_test.v_resumable as select id, data from wire_test.resumable`;
  await admin`create or replace view wire_test.v_numbers_nokey as select data from wire_test.numbers`;
  role = await dedicatedRole(admin, inject("databaseUrl"), "tokens", ["wire_test.v_resumable", "wire_test.v_numbers_nokey"]);
  k = await startTestServer({ FRAISEQL_WIRE_RESUME_KEY: KEY, DATABASE_URL: role.url });
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  await t.close();
  await k.close();
  await admin`drop table if exists wire_test.resumable cascade`;
  await admin`drop view if exists wire_test.v_numbers_nokey`;
  await admin.end();
});

const ids = (rows: readonly string[]) => rows.map((row) => (JSON.parse(row) as { n: number }).n);

describe("resume tokens", () => {
  it("every message with rows carries a token; resuming from any of them returns exactly the rest, numbered as before", async () => {
    const query: Partial<StreamQueryRequest> = { entity: "numbers", orderBy: "bucket desc, even", chunkRows: 700, limit: 9000, offset: 5 };
    const whole = await collect(t.client, query);
    expect(whole.error).toBeUndefined();
    const withRows = whole.messages.filter((m) => m.rows.length > 0);
    expect(withRows.length).toBeGreaterThan(5);
    for (const m of withRows) expect(m.resumeToken.length).toBeGreaterThan(32);
    expect(whole.messages.at(-1)!.resumeToken.length).toBe(0);
    for (const k of [0, 3, withRows.length - 2, withRows.length - 1]) {
      const cut = withRows[k]!;
      const rest = await collect(t.client, { ...query, resumeToken: cut.resumeToken });
      expect(rest.error).toBeUndefined();
      const sent = cut.firstRowIndex + cut.rows.length;
      expect(rest.rows).toEqual(whole.rows.slice(sent));
      if (rest.rows.length > 0) expect(rest.messages[0]!.firstRowIndex).toBe(sent);
      expect(rest.messages.at(-1)!.firstRowIndex).toBe(9000);
      expect(rest.messages.at(-1)!.stats?.rows).toBe(9000 - sent);
    }
  });

  it("a keyless entity resumes by offset, also exactly when nothing changes", async () => {
    const query: Partial<StreamQueryRequest> = { entity: "numbers_nokey", orderBy: "n", chunkRows: 1500 };
    const whole = await collect(t.client, query);
    const cut = whole.messages[2]!;
    const rest = await collect(t.client, { ...query, resumeToken: cut.resumeToken });
    expect(rest.rows).toEqual(whole.rows.slice(cut.firstRowIndex + cut.rows.length));
  });

  it("ListEntities says which entities resume by keyset and which by offset", async () => {
    const listed = await new Promise<Map<string, Resume>>((resolve, reject) =>
      t.client.listEntities(ListEntitiesRequest.fromPartial({}), (error, response) =>
        error ? reject(error) : resolve(new Map(response!.entities.map((e) => [e.name, e.resume] as const))),
      ),
    );
    expect(listed.get("numbers")).toBe(Resume.RESUME_KEYSET);
    expect(listed.get("numbers_nokey")).toBe(Resume.RESUME_OFFSET);
  });

  describe("a token that cannot be used is INVALID_RESUME_TOKEN, saying why", () => {
    const query: Partial<StreamQueryRequest> = { entity: "numbers", orderBy: "n", chunkRows: 100 };
    let token: Buffer;
    let sent: number;
    beforeAll(async () => {
      const first = (await collect(t.client, { ...query, limit: 300 })).messages[0]!;
      token = Buffer.from(first.resumeToken);
      sent = first.rows.length;
    });
    const refused = async (server: TestServer, req: Partial<StreamQueryRequest>, problem: string, says: string) => {
      const outcome = await collect(server.client, req);
      expect(outcome.rows).toEqual([]);
      expect(outcome.error?.code).toBe(status.INVALID_ARGUMENT);
      const info = decodeDetails(outcome.error!).errorInfo[0]!;
      expect(info.reason).toBe("INVALID_RESUME_TOKEN");
      expect(info.metadata["tokenProblem"]).toBe(problem);
      expect(outcome.error!.details).toContain(says);
    };

    it("tampered", async () => {
      const tampered = Buffer.from(token);
      tampered[tampered.length - 40]! ^= 1;
      await refused(t, { ...query, limit: 300, resumeToken: tampered }, "tampered", "signature does not match");
    });
    it("truncated", async () => {
      await refused(t, { ...query, limit: 300, resumeToken: token.subarray(0, token.length - 1) }, "tampered", "altered or truncated");
      await refused(t, { ...query, limit: 300, resumeToken: token.subarray(0, 20) }, "truncated", "too short");
    });
    it("of another version", async () => {
      const other = Buffer.from(token);
      other[0] = 9;
      await refused(t, { ...query, limit: 300, resumeToken: other }, "version", "version 9");
    });
    it("of another query", async () => {
      await refused(t, { ...query, limit: 301, resumeToken: token }, "query", "belongs to another query");
      await refused(t, { ...query, limit: 300, filter: "n > 1", resumeToken: token }, "query", "belongs to another query");
    });
    it("signed by a server with another key, while a replica with the same key accepts it", async () => {
      const foreign = await start({ FRAISEQL_WIRE_RESUME_KEY: "another-key-0123456789abcdef0123456789" });
      await refused(foreign, { ...query, limit: 300, resumeToken: token }, "foreign", "another FRAISEQL_WIRE_RESUME_KEY");
      const replica = await start();
      const rest = await collect(replica.client, { ...query, limit: 300, resumeToken: token });
      expect(rest.error).toBeUndefined();
      expect(ids(rest.rows)).toEqual(Array.from({ length: 300 - sent }, (_, i) => i + sent + 1));
    });
  });

  it("an error after rows carries the token of the last message, and resuming from it loses nothing", async () => {
    // A keyless stream cannot go on by itself when its backend dies: the client resumes.
    const query: Partial<StreamQueryRequest> = { entity: "numbers_nokey", orderBy: "n", chunkRows: 50 };
    const received: StreamQueryResponse[] = [];
    const error = await new Promise<import("@grpc/grpc-js").ServiceError | undefined>((resolve) => {
      const call = k.client.streamQuery({ entity: "numbers_nokey", filter: "", orderBy: "n", limit: 0, offset: 0, chunkRows: 50, chunkBytes: 0, resumeToken: Buffer.alloc(0) }, new Metadata());
      let killed = false;
      call.on("data", (m: StreamQueryResponse) => {
        received.push(m);
        if (!killed) {
          killed = true;
          call.pause();
          void admin`select pg_terminate_backend(pid) from pg_stat_activity where usename = ${role.role} and query like 'fetch forward%'`.then(() => call.resume());
        }
      });
      call.on("error", resolve);
      call.on("end", () => resolve(undefined));
    });
    expect(error?.code).toBe(status.UNAVAILABLE);
    const info = decodeDetails(error!).errorInfo[0]!;
    const last = received.at(-1)!;
    expect(info.metadata["resumeToken"]).toBe(Buffer.from(last.resumeToken).toString("base64"));
    expect(info.metadata["nextOffset"]).toBe(String(last.firstRowIndex + last.rows.length));
    const rest = await collect(k.client, { ...query, resumeToken: Buffer.from(info.metadata["resumeToken"]!, "base64") });
    expect(ids([...received.flatMap((m) => m.rows), ...rest.rows])).toEqual(Array.from({ length: 20000 }, (_, i) => i + 1));
  });

  it("a keyed stream whose backend is terminated mid-stream ends with a token; resuming from it gives every row once, in order", async () => {
    const query: Partial<StreamQueryRequest> = { entity: "resumable", orderBy: "bucket, n", chunkRows: 40 };
    const expected = await admin<{ data: string }[]>`select data::text as data from wire_test.resumable order by data -> 'bucket', data -> 'n', id`;
    for (let round = 0; round < 5; round++) {
      const received: StreamQueryResponse[] = [];
      const error = await new Promise<import("@grpc/grpc-js").ServiceError | undefined>((resolve) => {
        const call = k.client.streamQuery({ entity: "resumable", filter: "", orderBy: "bucket, n", limit: 0, offset: 0, chunkRows: 40, chunkBytes: 0, resumeToken: Buffer.alloc(0) }, new Metadata());
        const killAt = 1 + Math.floor(Math.random() * 30);
        call.on("data", (m: StreamQueryResponse) => {
          received.push(m);
          if (received.length === killAt) {
            call.pause();
            void admin`select pg_terminate_backend(pid) from pg_stat_activity where usename = ${role.role} and query like 'fetch forward%'`.then(() => setTimeout(() => call.resume(), Math.random() * 20));
          }
        });
        call.on("error", resolve);
        call.on("end", () => resolve(undefined));
      });
      const rows = received.flatMap((m) => m.rows);
      if (error !== undefined) {
        const errorToken = decodeDetails(error).errorInfo[0]!.metadata["resumeToken"];
        // Rows arrived, so the server sent some: the error names where it stopped sending.
        if (received.length > 0) expect(errorToken, "the error's resumeToken").toBeDefined();
        // grpc-js drops the messages it had buffered (this call is paused) when the error arrives, so
        // the client resumes from the last message it received (docs/resume.md), which is the error's
        // own token whenever nothing was dropped.
        const token = received.at(-1)?.resumeToken;
        const rest = await collect(k.client, token === undefined ? query : { ...query, resumeToken: Buffer.from(token) });
        expect(rest.error).toBeUndefined();
        rows.push(...rest.rows);
      }
      expect(rows).toEqual(expected.map((row) => row.data));
    }
  });
});
