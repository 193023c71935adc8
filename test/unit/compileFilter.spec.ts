import { describe, expect, test } from "vitest";
import { compileFilter } from "../../src/query/compileFilter.js";
import { parseFilter } from "../../src/query/parseFilter.js";
import { SqlParams } from "../../src/query/SqlParams.js";

function compile(filter: string, dataExpr = '"data"'): { sql: string; params: readonly string[] } {
  const expr = parseFilter(filter);
  if (expr === undefined) throw new Error("empty filter");
  const params = new SqlParams();
  const sql = compileFilter(expr, dataExpr, params);
  return { sql, params: params.values };
}

const at = (...n: number[]) => `jsonb_extract_path("data", ${n.map((i) => `$${i}::text`).join(", ")})`;

describe("compileFilter", () => {
  describe("=", () => {
    test("is jsonb equality, ANDed with a GIN-indexable containment of the nested document", () => {
      expect(compile('owner.name = "Ada"')).toEqual({
        sql: `("data" @> $1::text::jsonb and ${at(2, 3)} = $4::text::jsonb)`,
        params: ['{"owner":{"name":"Ada"}}', "owner", "name", '"Ada"'],
      });
    });

    test("binds numbers exactly as written", () => {
      expect(compile("n = 123456789012345678901234567890.50").params).toEqual([
        '{"n":123456789012345678901234567890.50}',
        "n",
        "123456789012345678901234567890.50",
      ]);
    });

    test("binds true, false and null as JSON", () => {
      expect(compile("a = true").params).toEqual(['{"a":true}', "a", "true"]);
      expect(compile("a = false").params).toEqual(['{"a":false}', "a", "false"]);
      expect(compile("a = null").params).toEqual(['{"a":null}', "a", "null"]);
    });

    test("skips containment when a segment could be an array index", () => {
      expect(compile('items.0.sku = "A1"')).toEqual({
        sql: `(${at(1, 2, 3)} = $4::text::jsonb)`,
        params: ["items", "0", "sku", '"A1"'],
      });
      // jsonb_extract_path reads " 1", "+1" and "-1" as array indexes too.
      for (const key of ["` 1`", "`+1`", "`-1`"]) expect(compile(`a.${key} = 1`).sql).not.toContain("@>");
      expect(compile("a.`1a` = 1").sql).toContain("@>");
    });
  });

  test("!= requires the same JSON type and a different value", () => {
    expect(compile('status != "done"')).toEqual({
      sql: `(jsonb_typeof(${at(1)}) = 'string' and ${at(1)} <> $2::text::jsonb)`,
      params: ["status", '"done"'],
    });
    expect(compile("n != 3").sql).toContain("= 'number'");
    expect(compile("b != true").sql).toContain("= 'boolean'");
  });

  test("!= null means present and not null", () => {
    expect(compile("owner != null")).toEqual({ sql: `(jsonb_typeof(${at(1)}) <> 'null')`, params: ["owner"] });
  });

  test.each([
    ["<", "<"],
    ["<=", "<="],
    [">", ">"],
    [">=", ">="],
  ])("%s compares only values of the literal's JSON type", (op, sqlOp) => {
    expect(compile(`priority ${op} 3`)).toEqual({
      sql: `(jsonb_typeof(${at(1)}) = 'number' and ${at(1)} ${sqlOp} $2::text::jsonb)`,
      params: ["priority", "3"],
    });
    expect(compile(`name ${op} "m"`)).toEqual({
      sql: `(jsonb_typeof(${at(1)}) = 'string' and ${at(1)} ${sqlOp} $2::text::jsonb)`,
      params: ["name", '"m"'],
    });
  });

  test(":* is presence, a JSON null included", () => {
    expect(compile("owner.name:*")).toEqual({ sql: `(${at(1, 2)} is not null)`, params: ["owner", "name"] });
  });

  test(': with a string is array element, object key or equal scalar, decided by the value\'s type', () => {
    expect(compile('tags:"urgent"')).toEqual({
      sql:
        `(case jsonb_typeof(${at(1)}) when 'array' then ${at(1)} @> $2::text::jsonb` +
        ` when 'object' then jsonb_exists(${at(1)}, $3::text) else ${at(1)} = $2::text::jsonb end)`,
      params: ["tags", '"urgent"', "urgent"],
    });
  });

  test(": with a non-string never matches an object", () => {
    expect(compile("tags:3")).toEqual({
      sql:
        `(case jsonb_typeof(${at(1)}) when 'array' then ${at(1)} @> $2::text::jsonb` +
        ` when 'object' then false else ${at(1)} = $2::text::jsonb end)`,
      params: ["tags", "3"],
    });
  });

  test("AND and OR keep their grouping in parentheses", () => {
    expect(compile("a != 1 OR b != 2 AND c != 3").sql).toBe(
      `(((jsonb_typeof(${at(1)}) = 'number' and ${at(1)} <> $2::text::jsonb) or ` +
        `(jsonb_typeof(${at(3)}) = 'number' and ${at(3)} <> $4::text::jsonb)) and ` +
        `(jsonb_typeof(${at(5)}) = 'number' and ${at(5)} <> $6::text::jsonb))`,
    );
  });

  test("NOT is IS NOT TRUE, so a row without the field is in the complement", () => {
    expect(compile("NOT a:*").sql).toBe(`((${at(1)} is not null) is not true)`);
    expect(compile("-(a:* OR b:*)").sql).toBe(`(((${at(1)} is not null) or (${at(2)} is not null)) is not true)`);
  });

  test("works on a json column through the given jsonb expression", () => {
    expect(compile("a = 1", '"data"::jsonb').sql).toBe(
      '("data"::jsonb @> $1::text::jsonb and jsonb_extract_path("data"::jsonb, $2::text) = $3::text::jsonb)',
    );
  });

  describe("no input character ever reaches the SQL text", () => {
    test.each([
      `name = "x'; drop table t; --"`,
      `\`x"); drop table t; --\` = 1`,
      `\`$1\` = "$2::text"`,
      `a:"'||pg_sleep(10)||'"`,
      `\`a'b\` < "c\\"d"`,
    ])("%s", (filter) => {
      const { sql, params } = compile(filter);
      expect(sql).not.toMatch(/drop|pg_sleep|'\|\||x"|a'b|c"/);
      expect(sql).toMatch(/^[a-z_ ()"$0-9:<>=@'!,]*$/);
      expect(params.length).toBeGreaterThan(0);
    });

    test("the injection attempt travels only as parameter values", () => {
      expect(compile(`name = "x'; drop table t; --"`).params).toEqual([
        `{"name":"x'; drop table t; --"}`,
        "name",
        `"x'; drop table t; --"`,
      ]);
    });
  });

  test("escaped and unicode strings are bound as JSON text", () => {
    expect(compile(String.raw`s = "a\"b\n😀 \u00e9"`).params).toEqual(['{"s":"a\\"b\\n😀 é"}', "s", '"a\\"b\\n😀 é"']);
    expect(compile("`first name`.`x\\`y` = 1").params).toEqual(['{"first name":{"x`y":1}}', "first name", "x`y", "1"]);
  });
});
