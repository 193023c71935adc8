import { describe, expect, test } from "vitest";
import { and, eq, exists, ge, gt, has, le, lt, ne, not, or } from "../../src/client/filterBuilder.js";
import { asc, desc } from "../../src/client/orderTerms.js";
import { parseFilter } from "../../src/query/parseFilter.js";
import { parseOrderBy } from "../../src/query/parseOrderBy.js";

describe("filter builder", () => {
  test("each comparison writes the operator of the filter language", () => {
    expect(String(eq("status", "active"))).toBe('status = "active"');
    expect(String(ne("status", "done"))).toBe('status != "done"');
    expect(String(lt("priority", 3))).toBe("priority < 3");
    expect(String(le("priority", 3))).toBe("priority <= 3");
    expect(String(gt("name", "m"))).toBe('name > "m"');
    expect(String(ge("budget", 2.5))).toBe("budget >= 2.5");
    expect(String(has("tags", "urgent"))).toBe('tags:"urgent"');
    expect(String(exists("owner"))).toBe("owner:*");
    expect(String(eq("deleted_at", null))).toBe("deleted_at = null");
    expect(String(eq("done", false))).toBe("done = false");
    expect(String(eq("id", 123456789012345678901n))).toBe("id = 123456789012345678901");
  });

  test("dotted paths walk into the document and numeric segments index arrays", () => {
    expect(String(eq("owner.name", "Ada"))).toBe('owner.name = "Ada"');
    expect(String(eq(["items", 0, "sku"], "A1"))).toBe('items.0.sku = "A1"');
  });

  test("keys that are not plain names go in backticks, with ` and \\ escaped", () => {
    expect(String(eq("first name", "Ada"))).toBe('`first name` = "Ada"');
    expect(String(eq(["meta", "e-mail"], "a@b"))).toBe('meta.`e-mail` = "a@b"');
    expect(String(eq(["a.b"], 1))).toBe("`a.b` = 1");
    expect(String(eq(["a`b\\c"], 1))).toBe("`a\\`b\\\\c` = 1");
    expect(String(eq("AND", 1))).toBe("`AND` = 1");
    expect(String(eq("flags.NOT", 1))).toBe("flags.NOT = 1");
  });

  test("AND and OR are never mixed without parentheses, so the text means the same under any precedence", () => {
    const a = eq("a", 1);
    const b = eq("b", 2);
    const c = eq("c", 3);
    expect(String(and(a, b, c))).toBe("a = 1 AND b = 2 AND c = 3");
    expect(String(or(a, b, c))).toBe("a = 1 OR b = 2 OR c = 3");
    expect(String(or(and(a, b), c))).toBe("(a = 1 AND b = 2) OR c = 3");
    expect(String(and(or(a, b), c))).toBe("(a = 1 OR b = 2) AND c = 3");
    expect(String(not(a))).toBe("NOT a = 1");
    expect(String(not(and(a, b)))).toBe("NOT (a = 1 AND b = 2)");
    expect(String(and(a, 'x = 1 OR y = 2'))).toBe("a = 1 AND (x = 1 OR y = 2)");
  });

  test("empty filters drop out of and(); or() and not() refuse to be empty", () => {
    expect(String(and())).toBe("");
    expect(String(and("", eq("a", 1)))).toBe("a = 1");
    expect(() => or()).toThrow(RangeError);
    expect(() => not("")).toThrow(RangeError);
  });

  test("values JSON cannot hold are refused before anything is sent", () => {
    expect(() => eq("n", Number.NaN)).toThrow(RangeError);
    expect(() => lt("n", Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => eq(["items", -1], 1)).toThrow(RangeError);
  });

  const awkward = ["plain", "with space", "dash-ed", "dot.ted", "back`tick", "back\\slash", "AND", "0", "ünï", ""];
  test.each(awkward)("the server's parser reads key %j back exactly", (key) => {
    expect(parseFilter(String(eq(["outer", key], 1)))).toMatchObject({ path: ["outer", key] });
    expect(parseFilter(String(exists([key])))).toEqual({ kind: "exists", path: [key] });
  });

  const strings = ['quote " here', "it's", "back\\slash", "new\nline\ttab", "control \u0001", "漢字 🎉", "/"];
  test.each(strings)("the server's parser reads string %j back exactly", (value) => {
    expect(parseFilter(String(eq("s", value)))).toMatchObject({ value: { type: "string", value } });
  });

  test("a combined filter parses into the same tree", () => {
    const built = or(and(eq("status", "active"), ge("priority", 3)), not(exists("owner")));
    expect(parseFilter(String(built))).toMatchObject({
      kind: "or",
      operands: [{ kind: "and" }, { kind: "not", operand: { kind: "exists", path: ["owner"] } }],
    });
  });

  test("asc() and desc() write order_by terms with the same quoting", () => {
    expect(desc("priority")).toBe("priority desc");
    expect(asc(["first name"])).toBe("`first name` asc");
    expect(parseOrderBy([desc("desc"), asc("owner.name")].join(", "))).toEqual([
      { path: ["desc"], direction: "desc" },
      { path: ["owner", "name"], direction: "asc" },
    ]);
  });
});
