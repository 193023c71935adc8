import { describe, expect, test } from "vitest";
import { WireError } from "../../src/errors/WireError.js";
import { compileSelect } from "../../src/query/compileSelect.js";
import { parseFilter } from "../../src/query/parseFilter.js";
import { parseOrderBy } from "../../src/query/parseOrderBy.js";
import { quoteIdentifier } from "../../src/query/quoteIdentifier.js";
import type { SelectInput } from "../../src/query/SelectInput.js";

const base: SelectInput = {
  schema: "public",
  view: "v_project",
  dataType: "jsonb",
  keyColumn: "id",
  filter: undefined,
  orderBy: [],
  limit: undefined,
  offset: 0,
};

describe("compileSelect", () => {
  test("without key column, filter, order or page it selects the data column and nothing else", () => {
    expect(compileSelect({ ...base, keyColumn: undefined })).toEqual({ text: 'select "data" from "public"."v_project"', params: [], positionColumns: 0, cursorTupleFraction: "1" });
  });

  test("puts filter, order, tie-breaker, limit and offset in that order, numbering parameters as they appear", () => {
    const compiled = compileSelect({
      ...base,
      filter: parseFilter('status = "active" AND priority >= 3'),
      orderBy: parseOrderBy("priority, owner.name desc"),
      limit: 100,
      offset: 200,
    });
    expect(compiled.text).toBe(
      `select "data", ("data" -> 'priority') as k1, ("data" -> 'owner' -> 'name') as k2, "id" as kid from "public"."v_project" where (("data" @> $1::text::jsonb and ` +
        `("data" -> 'status') = $2::text::jsonb) and ` +
        `(jsonb_typeof(("data" -> 'priority')) = 'number' and ` +
        `("data" -> 'priority') >= $3::text::jsonb)) ` +
        `order by ("data" -> 'priority') asc nulls last, ` +
        `("data" -> 'owner' -> 'name') desc nulls last, "id" asc ` +
        "limit $4::bigint offset $5::bigint",
    );
    expect(compiled.params).toEqual(['{"status":"active"}', '"active"', "3", "100", "200"]);
  });

  test("every parameter is a string", () => {
    const { params } = compileSelect({ ...base, filter: parseFilter("a = 1 AND b = true"), limit: 5, offset: 1 });
    for (const param of params) expect(typeof param).toBe("string");
  });

  describe("ordering and pagination", () => {
    test("rows missing the field sort last in both directions", () => {
      expect(compileSelect({ ...base, keyColumn: undefined, orderBy: parseOrderBy("a asc, b desc") }).text).toBe(
        `select "data" from "public"."v_project" order by ("data" -> 'a') asc nulls last, ("data" -> 'b') desc nulls last`,
      );
    });

    test("a leading desc term is the rows with the field in backward index order, then the rows without it", () => {
      expect(compileSelect({ ...base, keyColumn: undefined, filter: parseFilter("n > 1"), orderBy: parseOrderBy("a desc, b"), limit: 10 })).toEqual({
        text:
          'select "data" from (' +
          `(select "data" from "public"."v_project" where (jsonb_typeof(("data" -> 'n')) = 'number' and ("data" -> 'n') > $1::text::jsonb) ` +
          `and ("data" -> 'a') is not null order by ("data" -> 'a') desc, ("data" -> 'b') asc nulls last) union all ` +
          `(select "data" from "public"."v_project" where (jsonb_typeof(("data" -> 'n')) = 'number' and ("data" -> 'n') > $1::text::jsonb) ` +
          `and ("data" -> 'a') is null order by ("data" -> 'b') asc nulls last)) as ordered limit $2::bigint`,
        params: ["1", "10"],
        positionColumns: 0,
        cursorTupleFraction: "0.01",
      });
    });

    test("the key column breaks ties when there is an order", () => {
      expect(compileSelect({ ...base, orderBy: parseOrderBy("a") }).text).toBe(
        `select "data", ("data" -> 'a') as k1, "id" as kid from "public"."v_project" order by ("data" -> 'a') asc nulls last, "id" asc`,
      );
    });

    test("a view with a key column is always ordered by it, so pages never overlap and rows have positions", () => {
      expect(compileSelect({ ...base, limit: 10 })).toEqual({
        text: 'select "data", "id" as kid from "public"."v_project" order by "id" asc limit $1::bigint',
        params: ["10"],
        positionColumns: 1,
        cursorTupleFraction: "0.01",
      });
      expect(compileSelect(base).text).toBe('select "data", "id" as kid from "public"."v_project" order by "id" asc');
    });

    test("a view without key column pages without tie-breaker", () => {
      expect(compileSelect({ ...base, keyColumn: undefined, limit: 10, offset: 20 })).toEqual({
        text: 'select "data" from "public"."v_project" limit $1::bigint offset $2::bigint',
        params: ["10", "20"],
        positionColumns: 0,
        cursorTupleFraction: "0.01",
      });
    });

    test("limit 0 is a limit (the server maps the API's 0 = no limit to undefined)", () => {
      expect(compileSelect({ ...base, keyColumn: undefined, limit: 0 }).text).toBe(
        'select "data" from "public"."v_project" limit $1::bigint',
      );
    });

    test.each([
      ["limit", -1],
      ["limit", 1.5],
      ["limit", Number.MAX_SAFE_INTEGER + 1],
      ["offset", -1],
      ["offset", Number.NaN],
    ] as const)("%s %d is rejected as INVALID_ARGUMENT", (field, value) => {
      let error: unknown;
      try {
        compileSelect({ ...base, [field]: value });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(WireError);
      expect((error as WireError).reason).toBe("INVALID_ARGUMENT");
      expect((error as WireError).fieldViolations[0]?.field).toBe(field);
    });
  });

  describe("resuming after a keyset position", () => {
    test("without order_by: the rows after the id", () => {
      expect(compileSelect({ ...base, after: { values: [], id: "7" } })).toEqual({
        text: 'select "data", "id" as kid from "public"."v_project" where "id" > $1 order by "id" asc',
        params: ["7"],
        positionColumns: 1,
        cursorTupleFraction: "1",
      });
    });

    test("a leading term with a value: index range on it, ties by id, then the rows without it", () => {
      expect(compileSelect({ ...base, orderBy: parseOrderBy("a"), after: { values: ["3"], id: "7" } }).text).toBe(
        'select "data", k1, kid from ((select "data", ("data" -> \'a\') as k1, "id" as kid from "public"."v_project" ' +
          `where ("data" -> 'a') >= $1::text::jsonb and (("data" -> 'a') > $1::text::jsonb or "id" > $2) order by ("data" -> 'a') asc, "id" asc) ` +
          `union all (select "data", ("data" -> 'a') as k1, "id" as kid from "public"."v_project" where ("data" -> 'a') is null order by "id" asc)) as ordered`,
      );
    });

    test("desc, and a missing value in a later term: only rows also missing it, after the id, may follow in a tie", () => {
      const { text, params } = compileSelect({ ...base, orderBy: parseOrderBy("a desc, b"), after: { values: ["3", null], id: "7" }, limit: 5 });
      expect(text).toContain(`("data" -> 'a') <= $1::text::jsonb and (("data" -> 'a') < $1::text::jsonb or (("data" -> 'b') is null and "id" > $2))`);
      expect(params).toEqual(["3", "7", "5"]);
    });

    test("a missing leading value: only rows missing it follow, ordered by the rest", () => {
      const { text } = compileSelect({ ...base, orderBy: parseOrderBy("a, b desc"), after: { values: [null, '"x"'], id: "7" } });
      expect(text).toBe(
        `select "data", ("data" -> 'a') as k1, ("data" -> 'b') as k2, "id" as kid from "public"."v_project" where ("data" -> 'a') is null and ` +
          `(("data" -> 'b') < $2::text::jsonb or ("data" -> 'b') is null or (("data" -> 'b') = $2::text::jsonb and "id" > $1)) ` +
          `order by ("data" -> 'b') desc nulls last, "id" asc`,
      );
    });
  });

  describe("json views", () => {
    test("filter and order through data::jsonb but return the untouched json", () => {
      const { text } = compileSelect({
        ...base,
        dataType: "json",
        filter: parseFilter("a:*"),
        orderBy: parseOrderBy("a"),
      });
      expect(text).toBe(
        `select "data", ("data"::jsonb -> 'a') as k1, "id" as kid from "public"."v_project" where (("data"::jsonb -> 'a') is not null) ` +
          `order by ("data"::jsonb -> 'a') asc nulls last, "id" asc`,
      );
    });
  });

  describe("identifiers", () => {
    test("are always double-quoted, doubling embedded quotes", () => {
      expect(quoteIdentifier("v_project")).toBe('"v_project"');
      expect(quoteIdentifier('we"ird')).toBe('"we""ird"');
      expect(quoteIdentifier("Order")).toBe('"Order"');
    });

    test("schema, view and key column cannot break out of their quotes", () => {
      const { text } = compileSelect({ ...base, schema: 'a"; drop', view: 'b"c', keyColumn: 'k"', limit: 1 });
      expect(text).toBe('select "data", "k""" as kid from "a""; drop"."b""c" order by "k""" asc limit $1::bigint');
    });
  });
});
