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

/** The path expression compileFilter writes: `("data" -> 'a' -> 'b')`, keys as constants. */
const at = (...keys: string[]) => `("data"${keys.slice(0, -1).map((k) => ` -> '${k}'`).join("")} -> '${keys.at(-1)}')`;

describe("compileFilter", () => {
  describe("=", () => {
    test("is jsonb equality, ANDed with a GIN-indexable containment of the nested document", () => {
      expect(compile('owner.name = "Ada"')).toEqual({
        sql: `("data" @> $1::text::jsonb and ${at("owner", "name")} = $2::text::jsonb)`,
        params: ['{"owner":{"name":"Ada"}}', '"Ada"'],
      });
    });

    test("binds numbers exactly as written", () => {
      expect(compile("n = 123456789012345678901234567890.50").params).toEqual([
        '{"n":123456789012345678901234567890.50}',
        "123456789012345678901234567890.50",
      ]);
    });

    test("binds true, false and null as JSON", () => {
      expect(compile("a = true").params).toEqual(['{"a":true}', "true"]);
      expect(compile("a = false").params).toEqual(['{"a":false}', "false"]);
      expect(compile("a = null").params).toEqual(['{"a":null}', "null"]);
    });

    test("skips containment, and reads arrays, when a segment could be an array index", () => {
      expect(compile('items.0.sku = "A1"')).toEqual({
        sql: `(jsonb_extract_path("data", 'items', '0', 'sku') = $1::text::jsonb)`,
        params: ['"A1"'],
      });
      // jsonb_extract_path reads " 1", "+1" and "-1" as array indexes too.
      for (const key of ["` 1`", "`+1`", "`-1`"]) expect(compile(`a.${key} = 1`).sql).not.toContain("@>");
      expect(compile("a.`1a` = 1").sql).toContain("@>");
    });
  });

  test("!= requires the same JSON type and a different value", () => {
    expect(compile('status != "done"')).toEqual({
      sql: `(jsonb_typeof(${at("status")}) = 'string' and ${at("status")} <> $1::text::jsonb)`,
      params: ['"done"'],
    });
    expect(compile("n != 3").sql).toContain("= 'number'");
    expect(compile("b != true").sql).toContain("= 'boolean'");
  });

  test("!= null means present and not null", () => {
    expect(compile("owner != null")).toEqual({ sql: `(jsonb_typeof(${at("owner")}) <> 'null')`, params: [] });
  });

  test.each([
    ["<", "<"],
    ["<=", "<="],
    [">", ">"],
    [">=", ">="],
  ])("%s compares only values of the literal's JSON type, on the indexable path expression", (op, sqlOp) => {
    expect(compile(`priority ${op} 3`)).toEqual({
      sql: `(jsonb_typeof(${at("priority")}) = 'number' and ${at("priority")} ${sqlOp} $1::text::jsonb)`,
      params: ["3"],
    });
    expect(compile(`name ${op} "m"`)).toEqual({
      sql: `(jsonb_typeof(${at("name")}) = 'string' and ${at("name")} ${sqlOp} $1::text::jsonb)`,
      params: ['"m"'],
    });
  });

  test(":* is presence, a JSON null included", () => {
    expect(compile("owner.name:*")).toEqual({ sql: `(${at("owner", "name")} is not null)`, params: [] });
  });

  test(': with a string is array element, object key or equal scalar, decided by the value\'s type', () => {
    expect(compile('tags:"urgent"')).toEqual({
      sql:
        `(case jsonb_typeof(${at("tags")}) when 'array' then ${at("tags")} @> $1::text::jsonb` +
        ` when 'object' then jsonb_exists(${at("tags")}, $2::text) else ${at("tags")} = $1::text::jsonb end)`,
      params: ['"urgent"', "urgent"],
    });
  });

  test(": with a non-string never matches an object", () => {
    expect(compile("tags:3")).toEqual({
      sql:
        `(case jsonb_typeof(${at("tags")}) when 'array' then ${at("tags")} @> $1::text::jsonb` +
        ` when 'object' then false else ${at("tags")} = $1::text::jsonb end)`,
      params: ["3"],
    });
  });

  test("wildcards: a prefix is ^@, suffix and contains are LIKE with %, _ and \\ escaped", () => {
    const name = `("data" ->> 'name')`;
    expect(compile('name = "Ada*"')).toEqual({
      sql: `(jsonb_typeof(${at("name")}) = 'string' and ${name} ^@ $1::text)`,
      params: ["Ada"],
    });
    expect(compile('name = "*50%_\\\\x"')).toEqual({
      sql: `(jsonb_typeof(${at("name")}) = 'string' and ${name} like $1::text)`,
      params: ["%50\\%\\_\\\\x"],
    });
    expect(compile('name != "*lov*"')).toEqual({
      sql: `(jsonb_typeof(${at("name")}) = 'string' and not ${name} like $1::text)`,
      params: ["%lov%"],
    });
  });

  test("AND and OR keep their grouping in parentheses", () => {
    expect(compile("a != 1 OR b != 2 AND c != 3").sql).toBe(
      `(((jsonb_typeof(${at("a")}) = 'number' and ${at("a")} <> $1::text::jsonb) or ` +
        `(jsonb_typeof(${at("b")}) = 'number' and ${at("b")} <> $2::text::jsonb)) and ` +
        `(jsonb_typeof(${at("c")}) = 'number' and ${at("c")} <> $3::text::jsonb))`,
    );
  });

  test("NOT is IS NOT TRUE, so a row without the field is in the complement", () => {
    expect(compile("NOT a:*").sql).toBe(`((${at("a")} is not null) is not true)`);
    expect(compile("-(a:* OR b:*)").sql).toBe(`(((${at("a")} is not null) or (${at("b")} is not null)) is not true)`);
  });

  test("works on a json column through the given jsonb expression", () => {
    expect(compile("a = 1", '"data"::jsonb').sql).toBe(
      `("data"::jsonb @> $1::text::jsonb and ("data"::jsonb -> 'a') = $2::text::jsonb)`,
    );
  });

  describe("values never reach the SQL text; keys only as constants written by quoteLiteral", () => {
    test.each([
      [`name = "x'; drop table t; --"`, `'name'`],
      [`\`x'); drop table t; --\` = 1`, `'x''); drop table t; --'`],
      [`\`$1\` = "$2::text"`, `'$1'`],
      [`a:"'||pg_sleep(10)||'"`, `'a'`],
      [`\`a'b\` < "c\\"d"`, `'a''b'`],
      ["`a\\\\'` = 1", `E'a\\\\'''`],
    ])("%s", (filter, constant) => {
      const { sql, params } = compile(filter);
      expect(sql).toContain(constant);
      // Remove the key constants: what is left holds no input character.
      const rest = sql.replaceAll(constant, "K");
      expect(rest).not.toMatch(/drop|pg_sleep|\|\||c"|\$2::text"/);
      expect(params.length).toBeGreaterThan(0);
    });

    test("the injection attempt in a value travels only as parameter values", () => {
      expect(compile(`name = "x'; drop table t; --"`).params).toEqual([`{"name":"x'; drop table t; --"}`, `"x'; drop table t; --"`]);
    });
  });

  test("escaped and unicode strings are bound as JSON text", () => {
    expect(compile(String.raw`s = "a\"b\n😀 \u00e9"`).params).toEqual(['{"s":"a\\"b\\n😀 é"}', '"a\\"b\\n😀 é"']);
    expect(compile("`first name`.`x\\`y` = 1")).toEqual({
      sql: `("data" @> $1::text::jsonb and ("data" -> 'first name' -> 'x\`y') = $2::text::jsonb)`,
      params: ['{"first name":{"x`y":1}}', "1"],
    });
  });
});
