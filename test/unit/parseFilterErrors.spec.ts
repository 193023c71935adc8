import { describe, expect, test } from "vitest";
import { WireError } from "../../src/errors/WireError.js";
import { parseFilter } from "../../src/query/parseFilter.js";

function rejection(input: string): WireError {
  try {
    parseFilter(input);
  } catch (error) {
    if (error instanceof WireError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
}

describe("parseFilter errors", () => {
  test("say where, what was expected and what was found, with an example", () => {
    const error = rejection('status = "active" AND priority =');
    expect(error.reason).toBe("INVALID_FILTER");
    expect(error.message).toBe(
      'invalid filter at column 33: expected a value (a string, a number, true, false or null) after "=", ' +
        'found end of input. Example: status = "active" AND priority >= 3',
    );
    expect(error.metadata).toEqual({
      column: "33",
      expected: 'a value (a string, a number, true, false or null) after "="',
      found: "end of input",
    });
    expect(error.fieldViolations).toEqual([{ field: "filter", description: error.message.replace("invalid filter at ", "") }]);
  });

  test.each([
    // [filter, column, found, hint the message carries]
    ["status = ", 10, "end of input", undefined],
    ["a == 1", 4, '"="', "Equality is a single =."],
    ["a = *", 5, '"*"', "* only follows :"],
    ["a = - 1", 5, '"-"', undefined],
    ["priority > true", 12, '"true"', "Compare true with = or != instead."],
    ["x < null", 5, '"null"', "Compare null with = or != instead."],
    ["a >= false", 6, '"false"', undefined],
    ["a = 1 and b = 2", 7, '"and"', "Keywords are uppercase (AIP-160): write AND."],
    ["a = 1 or b = 2", 7, '"or"', "write OR."],
    ["not a = 1", 5, '"a"', "write NOT."],
    ["a = 1 = 2", 7, '"="', undefined],
    ["a = 1 AND", 10, "end of input", undefined],
    ["OR a = 1", 1, '"OR"', "write it in backticks: `OR`"],
    ["NOT", 4, "end of input", undefined],
    ["(a = 1", 7, "end of input", undefined],
    ["a = 1)", 6, '")"', 'This ")" has no matching "(".'],
    ["()", 2, '")"', undefined],
    ['"a" = 1', 1, '"\\"a\\""', "Paths are not quoted"],
    ["first-name = 1", 6, '"-"', "backticks, e.g. `first-name`"],
    ["a && b", 3, '"&"', "Write AND between conditions."],
    ["a || b", 3, '"|"', "Write OR between conditions."],
    ["!a = 1", 1, '"!"', "NOT or - to negate"],
    ["héllo = 1", 2, '"é"', "backticks"],
    ["a.b. = 1", 5, '" "', undefined],
    ["a..b = 1", 3, '"."', undefined],
    ["`open = 1", 1, "end of input", undefined],
    ["`a\\b` = 1", 3, '"\\\\b"', undefined],
    ['a = "open', 5, "end of input", undefined],
    ["a = 'open\"", 5, "end of input", undefined],
    [String.raw`a = "\x"`, 6, '"\\\\x"', undefined],
    [String.raw`a = "\u12"`, 6, '"\\\\u12\\""', undefined],
    [String.raw`a = "\uD800"`, 6, '"\\\\uD800"', undefined],
    [String.raw`a = "\uDE00"`, 6, '"\\\\uDE00"', undefined],
    [String.raw`a = "\uD83D\u0041"`, 6, '"\\\\uD83D\\\\u0041"', undefined],
    [String.raw`a = "\u0000"`, 6, '"\\\\u0000"', "PostgreSQL cannot store U+0000"],
    ["a = 01", 5, '"01"', undefined],
    ["a = 1.", 5, '"1."', undefined],
    ["a = .5", 5, '"."', undefined],
    ["a = 1e", 5, '"1e"', undefined],
    ["a = 1abc", 5, '"1abc"', 'Quote text that starts with a digit: "1abc".'],
    ["a = prod-eu", 5, '"prod-eu"', "Unquoted values are letters, digits and _"],
    ["a = AND", 5, '"AND"', 'quote it: "AND"'],
    [String.raw`a = "\8"`, 6, '"\\\\8"', undefined],
    [String.raw`a = "\x4"`, 6, '"\\\\x4"', undefined],
    [String.raw`a = "\000"`, 6, '"\\\\000"', "PostgreSQL cannot store U+0000"],
    [String.raw`a = "\U00110000"`, 6, '"\\\\U00110000"', undefined],
    ["a = 1OR b = 2", 5, '"1OR"', undefined],
    ["a = +1", 5, '"+"', undefined],
    ["a = 1e200000", 5, '"1e200000"', undefined],
    ["a = 1e-16384", 5, '"1e-16384"', undefined],
  ] as const)("%j fails at column %i, found %s", (input, column, found, hint) => {
    const error = rejection(input);
    expect(error.reason).toBe("INVALID_FILTER");
    expect(error.metadata["column"]).toBe(String(column));
    expect(error.metadata["found"]).toBe(found);
    expect(error.message).toContain(`invalid filter at column ${column}: expected `);
    if (hint !== undefined) expect(error.message).toContain(hint);
    expect(error.fieldViolations[0]?.field).toBe("filter");
  });

  test.each([
    // [filter, column, the feature named, found, hint the message carries]
    ["prod", 1, "a global restriction", '"prod"', "tier = prod"],
    ["New York Giants", 1, "a global restriction", '"New"', 'If "New York" is one key, put it in backticks'],
    ["-30", 2, "a global restriction", '"30"', 'name = "30"'],
    ['"blue" "chair"', 1, "a global restriction", '"\\"blue\\""', 'name = "blue"'],
    ["status", 1, "a global restriction", '"status"', undefined],
    ["a = 1 b", 7, "a global restriction", '"b"', undefined],
    ["regex(m.key, '^a')", 1, "a function call", '"regex"', "regex(), timestamp(), duration()"],
    ['timestamp("2012-04-21T11:30:00-04:00") < t', 1, "a function call", '"timestamp"', undefined],
    ["msg.endsWith('world')", 1, "a function call", '"msg.endsWith"', undefined],
    ["x <= cohort(request.user)", 6, "a function call", '"cohort"', undefined],
    ["package = com.google", 11, "comparing two fields", '"com.google"', 'quote it: package = "com.google"'],
    ["a = `b`", 5, "comparing two fields", '"`b`"', undefined],
    ["1 > 0", 1, "a literal on the left of a comparison", '"1"', "backticks: `1`"],
    ["-2.5 >= -2.4", 2, "a literal on the left of a comparison", '"2.5"', undefined],
    ["1abc = 1", 1, "a literal on the left of a comparison", '"1abc"', undefined],
    ["labels.* = 1", 8, "a field wildcard", '"*"', "Name the key"],
    ["a = (1 OR 2)", 5, "an expression as a value", '"("', "(a = 1 OR a = 2)"],
    ['name < "Ada*"', 8, "a wildcard with <", '"\\"Ada*\\""', "write \\* for a literal star"],
    ['tags:"*x"', 6, "a wildcard with :", '"\\"*x\\""', undefined],
  ] as const)("%j is refused: %s", (input, column, feature, found, hint) => {
    const error = rejection(input);
    expect(error.reason).toBe("INVALID_FILTER");
    expect(error.metadata).toMatchObject({ column: String(column), unsupported: feature, found });
    expect(error.message).toContain(`invalid filter at column ${column}: ${feature} is not supported. `);
    if (hint !== undefined) expect(error.message).toContain(hint);
  });

  test("columns count characters as the user sees them, not UTF-16 units", () => {
    expect(rejection('a = "😀😀" AND').metadata["column"]).toBe("13");
  });

  test("control characters in the input are escaped in the message", () => {
    const error = rejection('a = "x\ny" =');
    expect(error.message).toContain('found "="');
    expect(rejection("a = 1\nOR\n").metadata["column"]).toBe("10");
  });

  test("never echo more than 40 characters of the input", () => {
    const long = "x".repeat(500);
    const error = rejection(`a = ${long}-2`);
    expect(error.metadata["found"]).toBe(`"${"x".repeat(40)}…"`);
    expect(error.message).not.toContain("x".repeat(41));
  });

  test("U+0000 is rejected where it is, before it can reach PostgreSQL", () => {
    const error = rejection('a = "x\u0000"');
    expect(error.metadata).toMatchObject({ column: "7", found: "U+0000" });
  });

  describe("limits", () => {
    test("a filter is at most 16 KiB of UTF-8", () => {
      const ok = `a = "${"x".repeat(16384 - 6)}"`;
      expect(parseFilter(ok)).toBeDefined();
      const error = rejection(`a = "${"x".repeat(16384 - 5)}"`);
      expect(error.message).toBe(
        "invalid filter at column 16385: the filter is longer than the maximum of 16384 bytes (UTF-8)",
      );
      expect(error.metadata).toEqual({ column: "16385", limit: "16384" });
    });

    test("the size limit counts UTF-8 bytes, so it is reached sooner with non-ASCII text", () => {
      const error = rejection(`a = "${"é".repeat(8200)}"`);
      expect(error.metadata["column"]).toBe(String(5 + 8190));
    });

    test("a path has at most 32 segments", () => {
      const path = Array.from({ length: 33 }, () => "a").join(".");
      const error = rejection(`${path} = 1`);
      expect(error.message).toBe("invalid filter at column 65: a path has at most 32 segments");
      expect(error.metadata).toEqual({ column: "65", limit: "32" });
    });

    test("parentheses nest at most 64 deep, with a clear error instead of a stack overflow", () => {
      const error = rejection(`${"(".repeat(65)}a = 1${")".repeat(65)}`);
      expect(error.message).toBe("invalid filter at column 65: parentheses and NOT nest at most 64 levels deep");
      expect(rejection("(".repeat(10000)).metadata["column"]).toBe("65");
    });

    test("NOT counts towards nesting", () => {
      expect(rejection(`${"NOT ".repeat(65)}a = 1`).metadata["column"]).toBe(String(64 * 4 + 1));
      expect(rejection(`${"-".repeat(100000)}a = 1`).reason).toBe("INVALID_FILTER");
    });
  });
});
