import { describe, expect, test } from "vitest";
import { WireError } from "../../src/errors/WireError.js";
import { parseOrderBy } from "../../src/query/parseOrderBy.js";

function rejection(input: string): WireError {
  try {
    parseOrderBy(input);
  } catch (error) {
    if (error instanceof WireError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
}

describe("parseOrderBy", () => {
  test("an empty or all-whitespace order_by means no ordering", () => {
    expect(parseOrderBy("")).toEqual([]);
    expect(parseOrderBy("   ")).toEqual([]);
  });

  test("terms are comma-separated paths, ascending unless followed by desc", () => {
    expect(parseOrderBy("priority desc, name, owner.name asc")).toEqual([
      { path: ["priority"], direction: "desc" },
      { path: ["name"], direction: "asc" },
      { path: ["owner", "name"], direction: "asc" },
    ]);
  });

  test("asc and desc are case-insensitive", () => {
    expect(parseOrderBy("a DESC,b Asc")).toEqual([
      { path: ["a"], direction: "desc" },
      { path: ["b"], direction: "asc" },
    ]);
  });

  test("paths use the filter syntax: array indexes and backtick-quoted keys", () => {
    expect(parseOrderBy("items.0.price desc, `first name`")).toEqual([
      { path: ["items", "0", "price"], direction: "desc" },
      { path: ["first name"], direction: "asc" },
    ]);
  });

  test("a key named desc is a path in first position", () => {
    expect(parseOrderBy("desc desc")).toEqual([{ path: ["desc"], direction: "desc" }]);
  });

  test("16 terms are allowed", () => {
    const terms = Array.from({ length: 16 }, (_, i) => `f${i}`).join(", ");
    expect(parseOrderBy(terms)).toHaveLength(16);
  });

  test("errors say where, what was expected and what was found", () => {
    const error = rejection("priority descending");
    expect(error.reason).toBe("INVALID_ORDER_BY");
    expect(error.message).toBe(
      'invalid order_by at column 10: expected "asc", "desc", "," or end of input, found "descending". ' +
        "Separate terms with commas; a key with spaces goes in backticks. Example: priority desc, owner.name",
    );
    expect(error.metadata).toEqual({
      column: "10",
      expected: '"asc", "desc", "," or end of input',
      found: '"descending"',
    });
    expect(error.fieldViolations).toEqual([{ field: "order_by", description: error.message.replace("invalid order_by at ", "") }]);
  });

  test.each([
    ["a,", 3, "end of input", 'a path such as priority after ","'],
    [",a", 1, '","', "a path such as priority"],
    ["a,,b", 3, '","', 'a path such as priority after ","'],
    ["a desc desc", 8, '"desc"', '"," or end of input'],
    ["a b", 3, '"b"', '"asc", "desc", "," or end of input'],
    ["-priority", 1, '"-"', "a path such as priority"],
    ['"name"', 1, '"\\"name\\""', "a path such as priority"],
    ["a = 1", 3, '"="', '"asc", "desc", "," or end of input'],
    ["a.", 3, "end of input", 'a path segment: a name (letters, digits and _, not starting with a digit), an array index such as 0, or a `quoted key` after "."'],
    ["a; drop table t", 2, '";"', 'a path, "asc", "desc" or ","'],
  ] as const)("%j fails at column %i, found %s", (input, column, found, expected) => {
    const error = rejection(input);
    expect(error.metadata).toEqual({ column: String(column), found, expected });
  });

  test("a minus sign suggests desc", () => {
    expect(rejection("-priority").message).toContain('write the path followed by desc, e.g. "priority desc"');
  });

  test("at most 16 terms", () => {
    const terms = Array.from({ length: 17 }, (_, i) => `f${i}`).join(",");
    const error = rejection(terms);
    expect(error.message).toBe(`invalid order_by at column ${terms.lastIndexOf("f16") + 1}: order_by has at most 16 terms`);
    expect(error.metadata["limit"]).toBe("16");
  });

  test("paths are limited to 32 segments and the input to 16 KiB, as in filters", () => {
    expect(rejection(Array.from({ length: 33 }, () => "a").join(".")).metadata).toEqual({ column: "65", limit: "32" });
    expect(rejection(`a, ${" ".repeat(16384)}`).metadata).toEqual({ column: "16385", limit: "16384" });
  });
});
