import { describe, expect, test } from "vitest";
import { parseFilter } from "../../src/query/parseFilter.js";

const eq = (path: string[], value: unknown) => ({ kind: "compare", path, op: "=", value });
const str = (value: string) => ({ type: "string", value });
const num = (text: string) => ({ type: "number", text });

describe("parseFilter", () => {
  test("an empty or all-whitespace filter means no filtering", () => {
    expect(parseFilter("")).toBeUndefined();
    expect(parseFilter("  \t\n ")).toBeUndefined();
  });

  test("a comparison is a path, an operator and a literal", () => {
    expect(parseFilter('status = "active"')).toEqual(eq(["status"], str("active")));
    expect(parseFilter("status=\"active\"")).toEqual(eq(["status"], str("active")));
  });

  test.each(["=", "!=", "<", "<=", ">", ">="])("operator %s compares a path with a literal", (op) => {
    expect(parseFilter(`priority ${op} 3`)).toEqual({ kind: "compare", path: ["priority"], op, value: num("3") });
  });

  test('":" is "has", and ":*" asks whether the path is present', () => {
    expect(parseFilter('tags:"urgent"')).toEqual({ kind: "has", path: ["tags"], value: str("urgent") });
    expect(parseFilter("tags : 3")).toEqual({ kind: "has", path: ["tags"], value: num("3") });
    expect(parseFilter("owner:*")).toEqual({ kind: "exists", path: ["owner"] });
    expect(parseFilter("owner : *")).toEqual({ kind: "exists", path: ["owner"] });
  });

  describe("literals", () => {
    test("true, false and null are lowercase keywords", () => {
      expect(parseFilter("done = true")).toEqual(eq(["done"], { type: "boolean", value: true }));
      expect(parseFilter("done = false")).toEqual(eq(["done"], { type: "boolean", value: false }));
      expect(parseFilter("owner = null")).toEqual(eq(["owner"], { type: "null" }));
    });

    test.each(["0", "-1", "3.25", "-0.5", "1e10", "2.5E-3", "-1e+2", "123456789012345678901234567890"])(
      "the number %s is kept exactly as written",
      (text) => {
        expect(parseFilter(`n = ${text}`)).toEqual(eq(["n"], num(text)));
      },
    );

    test("strings take double or single quotes", () => {
      expect(parseFilter("name = 'Ada'")).toEqual(eq(["name"], str("Ada")));
      expect(parseFilter(`name = "it's"`)).toEqual(eq(["name"], str("it's")));
      expect(parseFilter(`name = 'say "hi"'`)).toEqual(eq(["name"], str('say "hi"')));
    });

    test("escapes decode like JSON, plus \\'", () => {
      expect(parseFilter(String.raw`s = "\" \' \\ \/ \b \f \n \r \t"`)).toEqual(eq(["s"], str("\" ' \\ / \b \f \n \r \t")));
    });

    test("\\u escapes decode, including surrogate pairs", () => {
      expect(parseFilter(String.raw`s = "caf\u00e9 \uD83D\uDE00"`)).toEqual(eq(["s"], str("café 😀")));
    });

    test("unicode text passes through untouched", () => {
      expect(parseFilter('city = "Zürich 東京 😀"')).toEqual(eq(["city"], str("Zürich 東京 😀")));
    });

    test("a string can hold anything, SQL included", () => {
      expect(parseFilter(`name = "x'; drop table t; --"`)).toEqual(eq(["name"], str("x'; drop table t; --")));
    });
  });

  describe("paths", () => {
    test("dotted segments walk into nested objects", () => {
      expect(parseFilter('owner.name = "Ada"')).toEqual(eq(["owner", "name"], str("Ada")));
    });

    test("digit segments index arrays", () => {
      expect(parseFilter('items.0.sku = "A1"')).toEqual(eq(["items", "0", "sku"], str("A1")));
    });

    test("backticks quote keys with other characters, with \\` and \\\\ escapes", () => {
      expect(parseFilter('`first name` = "Ada"')).toEqual(eq(["first name"], str("Ada")));
      expect(parseFilter("owner.`e-mail`.`x.y` = 1")).toEqual(eq(["owner", "e-mail", "x.y"], num("1")));
      expect(parseFilter("`a\\`b\\\\` = 1")).toEqual(eq(["a`b\\"], num("1")));
      expect(parseFilter("`Zürich` = 1")).toEqual(eq(["Zürich"], num("1")));
    });

    test("keywords can be keys when quoted or after a dot", () => {
      expect(parseFilter("`AND` = 1")).toEqual(eq(["AND"], num("1")));
      expect(parseFilter("a.OR = 1")).toEqual(eq(["a", "OR"], num("1")));
      expect(parseFilter("ANDROID = 1")).toEqual(eq(["ANDROID"], num("1")));
    });

    test("a path may have 32 segments", () => {
      const path = Array.from({ length: 32 }, (_, i) => `s${i}`);
      expect(parseFilter(`${path.join(".")} = 1`)).toEqual(eq(path, num("1")));
    });
  });

  describe("logic", () => {
    const a = eq(["a"], num("1"));
    const b = eq(["b"], num("2"));
    const c = eq(["c"], num("3"));

    test("AND and OR chains are flat", () => {
      expect(parseFilter("a = 1 AND b = 2 AND c = 3")).toEqual({ kind: "and", operands: [a, b, c] });
      expect(parseFilter("a = 1 OR b = 2 OR c = 3")).toEqual({ kind: "or", operands: [a, b, c] });
    });

    test("OR binds tighter than AND, as AIP-160 says (not as SQL does)", () => {
      expect(parseFilter("a = 1 OR b = 2 AND c = 3")).toEqual({
        kind: "and",
        operands: [{ kind: "or", operands: [a, b] }, c],
      });
      expect(parseFilter("a = 1 AND b = 2 OR c = 3")).toEqual({
        kind: "and",
        operands: [a, { kind: "or", operands: [b, c] }],
      });
    });

    test("a sequence is AND, and binds looser than OR", () => {
      expect(parseFilter("a = 1 b = 2")).toEqual({ kind: "and", operands: [a, b] });
      expect(parseFilter("a = 1 b = 2 OR c = 3")).toEqual({ kind: "and", operands: [a, { kind: "or", operands: [b, c] }] });
      expect(parseFilter("a = 1 (b = 2 OR c = 3)")).toEqual({ kind: "and", operands: [a, { kind: "or", operands: [b, c] }] });
      expect(parseFilter("a = 1 b = 2 AND c = 3")).toEqual({ kind: "and", operands: [a, b, c] });
      expect(parseFilter("-a = 1 b = 2")).toEqual({ kind: "and", operands: [{ kind: "not", operand: a }, b] });
    });

    test("parentheses group", () => {
      expect(parseFilter("(a = 1 OR b = 2) AND c = 3")).toEqual({
        kind: "and",
        operands: [{ kind: "or", operands: [a, b] }, c],
      });
      expect(parseFilter("((a = 1))")).toEqual(a);
    });

    test("NOT and - negate the next factor", () => {
      expect(parseFilter("NOT a = 1")).toEqual({ kind: "not", operand: a });
      expect(parseFilter("-a = 1")).toEqual({ kind: "not", operand: a });
      expect(parseFilter("- a = 1")).toEqual({ kind: "not", operand: a });
      expect(parseFilter("NOT a = 1 AND b = 2")).toEqual({ kind: "and", operands: [{ kind: "not", operand: a }, b] });
      expect(parseFilter("NOT (a = 1 OR b = 2)")).toEqual({ kind: "not", operand: { kind: "or", operands: [a, b] } });
      expect(parseFilter("NOT NOT a = 1")).toEqual({ kind: "not", operand: { kind: "not", operand: a } });
    });

    test("a minus after an operator is a negative number, not negation", () => {
      expect(parseFilter("a = -1")).toEqual(eq(["a"], num("-1")));
    });

    test("parentheses and NOT may nest 64 levels", () => {
      expect(parseFilter(`${"(".repeat(64)}a = 1${")".repeat(64)}`)).toEqual(a);
      expect(parseFilter(`${"NOT ".repeat(63)}(a = 1)`)).toBeDefined();
    });

    test("line breaks and tabs are whitespace", () => {
      expect(parseFilter("a = 1\n\tAND\r\n b = 2")).toEqual({ kind: "and", operands: [a, b] });
    });
  });
});
