import { describe, expect, it } from "vitest";
import { Metadata, status, type ServiceError } from "@grpc/grpc-js";
import { checkOutcome } from "../fuzz/support/checkOutcome.js";
import { checkStatements } from "../fuzz/support/checkStatements.js";

// The fuzz harness's own checks must be able to fail, or `make fuzz` proves nothing.
const ok = (rows: unknown[]) => ({ messages: [{ rows: rows.map((r) => JSON.stringify(r)), firstRowIndex: 0, resumeToken: Buffer.alloc(0), stats: undefined }, { rows: [], firstRowIndex: rows.length, resumeToken: Buffer.alloc(0), stats: { rows: rows.length, bytes: 0, timeToFirstRowMicros: 0, durationMicros: 0, messages: 2 } }], rows: rows.map((r) => JSON.stringify(r)), error: undefined });
const failed = (code: number, details: string): { messages: []; rows: []; error: ServiceError } => ({ messages: [], rows: [], error: Object.assign(new Error(details), { code, details, metadata: new Metadata() }) as ServiceError });

describe("the fuzz harness's checks", () => {
  it("accept the server's own statements and refuse anything else", () => {
    const role = "fuzz_reader";
    const own = [
      "begin transaction isolation level repeatable read read only",
      "select set_config('statement_timeout', $1, true), set_config('jit', 'off', true), set_config('synchronize_seqscans', 'off', true)",
      "select set_config($1, $2, $3), set_config($4, $5, $6), set_config($7, $8, $9)",
      'declare fraiseql_wire_rows no scroll cursor for select "data" from "fuzz"."v_docs" where (jsonb_typeof(jsonb_extract_path("data", $1::text)) = $2 and jsonb_extract_path("data", $3::text) >= $4::text::jsonb) order by "id" asc limit $5::bigint',
      'declare fraiseql_wire_rows no scroll cursor for select "data", k1, kid from ((select "data", ("data" -> $1) as k1, "id" as kid from "fuzz"."v_docs" where ("data" -> $2) is not null order by ("data" -> $3) desc, "id" asc) union all (select "data", ("data" -> $4) as k1, "id" as kid from "fuzz"."v_docs" where ("data" -> $5) is null order by "id" asc)) as ordered limit $6::bigint',
      "select set_config('cursor_tuple_fraction', $1, true)",
      `declare fraiseql_wire_rows no scroll cursor for select "data" from "fuzz"."v_docs" where (("data" -> 'x y; drop table t --') = $1::text::jsonb) and (("data" -> E'a\\\\b''c') is not null)`,
      "fetch forward 64 from fraiseql_wire_rows",
      "select set_config('max_parallel_workers_per_gather', '0', true), set_config('fraiseql_wire.p1', $1, true), set_config('fraiseql_wire.p2', $2, true)",
      "select set_config($1, $2, $3), set_config($4, $5, $6), set_config($7, $8, $9), set_config($10, $11, $12)",
      `copy (select ("data")::text as "data", ("id")::text as kid from "fuzz"."v_docs" where ("data" -> 'n') >= current_setting('fraiseql_wire.p1')::jsonb order by "id" asc offset current_setting('fraiseql_wire.p2')::bigint) to stdout (format binary)`,
      "savepoint $1",
      "commit",
    ];
    expect(checkStatements(own.map((query) => ({ role, query, calls: 1 })))).toEqual([]);
    const foreign = [
      "drop table fuzz.canary",
      'declare fraiseql_wire_rows no scroll cursor for select "data" from "fuzz"."v_docs" union select note::jsonb from fuzz.canary',
      'declare fraiseql_wire_rows no scroll cursor for select "data" from "fuzz"."v_docs" where pg_sleep($1) is not null',
      'declare fraiseql_wire_rows no scroll cursor for select "data" from "fuzz_hidden"."v_docs"',
      "select set_config('role', 'postgres', false)",
      "select set_config('max_parallel_workers_per_gather', '0', true), set_config('role', 'postgres', true)",
      "copy fuzz.canary to stdout (format binary)",
      'copy (select "data" from "fuzz"."v_docs" union all select to_jsonb(c) from fuzz.canary c) to stdout (format binary)',
      'copy (select "data" from "fuzz"."v_docs") to program \'sh\'',
      "select set_config($1, $2, $3), pg_sleep($4)",
      'declare fraiseql_wire_rows no scroll cursor for select "data" from ((select "data" from "fuzz"."v_docs") union all (select to_jsonb(c) from fuzz.canary c)) as ordered',
    ];
    expect(checkStatements(foreign.map((query) => ({ role, query, calls: 1 })))).toHaveLength(foreign.length);
  });

  it("flag INTERNAL, an unexpected reason, rows of another tenant or outside the scopes, and an unauthenticated success", () => {
    expect(checkOutcome("acme-token", ok([{ view: "fuzz.docs", tenant: "acme" }, { view: "fuzz.open" }]))).toBeUndefined();
    expect(checkOutcome("acme-token", ok([{ view: "fuzz.docs", tenant: "globex" }]))).toMatch(/tenant globex/);
    expect(checkOutcome("acme-token", ok([{ view: "fuzz.secret", secret: "SECRET" }]))).toMatch(/outside its scopes/);
    expect(checkOutcome("globex-token", ok([{ view: "fuzz.open" }]))).toMatch(/outside its scopes/);
    expect(checkOutcome(undefined, ok([]))).toMatch(/without a valid token succeeded/);
    expect(checkOutcome("acme-token", failed(status.INTERNAL, "internal error"))).toMatch(/status 13/);
    expect(checkOutcome("acme-token", failed(status.FAILED_PRECONDITION, "no details"))).toMatch(/without google.rpc details/);
  });
});
