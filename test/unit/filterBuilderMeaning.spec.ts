import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { Filter } from "../../src/client/Filter.js";
import { and, contains, endsWith, eq, exists, has, ne, not, or, startsWith } from "../../src/client/filterBuilder.js";
import type { FilterExpr } from "../../src/query/FilterExpr.js";
import { parseFilter } from "../../src/query/parseFilter.js";
import { documentArbitrary } from "../support/filterArbitrary.js";
import { evaluateFilter } from "../support/filterOracle.js";

interface Built {
  readonly filter: Filter;
  /** What the builder calls mean, as a tree: and() is AND, or() is OR, whatever the text says. */
  readonly meaning: FilterExpr;
}

const path = fc.constantFrom("n", "s", "t", "tags", "obj.k");
const scalar = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom("a", "b", "ab", "*a", "a*", "%_"), fc.boolean(), fc.constant(null));
const text = fc.constantFrom("a", "b", "*", "%", "_", "a*b");

const valueOf = (v: string | number | boolean | null) =>
  v === null ? ({ type: "null" } as const)
    : typeof v === "string" ? ({ type: "string", value: v } as const)
    : typeof v === "number" ? ({ type: "number", text: String(v) } as const)
    : ({ type: "boolean", value: v } as const);

const leaf: fc.Arbitrary<Built> = fc.oneof(
  fc.tuple(path, scalar).map(([p, v]): Built => ({ filter: eq(p, v), meaning: { kind: "compare", path: p.split("."), op: "=", value: valueOf(v) } })),
  fc.tuple(path, scalar).map(([p, v]): Built => ({ filter: ne(p, v), meaning: { kind: "compare", path: p.split("."), op: "!=", value: valueOf(v) } })),
  fc.tuple(path, scalar).map(([p, v]): Built => ({ filter: has(p, v), meaning: { kind: "has", path: p.split("."), value: valueOf(v) } })),
  path.map((p): Built => ({ filter: exists(p), meaning: { kind: "exists", path: p.split(".") } })),
  fc.tuple(path, text).map(([p, s]): Built => ({ filter: startsWith(p, s), meaning: { kind: "match", path: p.split("."), op: "=", text: s, anchoredStart: true, anchoredEnd: false } })),
  fc.tuple(path, text).map(([p, s]): Built => ({ filter: endsWith(p, s), meaning: { kind: "match", path: p.split("."), op: "=", text: s, anchoredStart: false, anchoredEnd: true } })),
  fc.tuple(path, text).map(([p, s]): Built => ({ filter: contains(p, s), meaning: { kind: "match", path: p.split("."), op: "=", text: s, anchoredStart: false, anchoredEnd: false } })),
);

const built: fc.Arbitrary<Built> = fc.letrec<{ b: Built }>((tie) => ({
  b: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    tie("b").map((x): Built => ({ filter: not(x.filter), meaning: { kind: "not", operand: x.meaning } })),
    fc.array(tie("b"), { minLength: 2, maxLength: 3 }).map((xs): Built => ({ filter: and(...xs.map((x) => x.filter)), meaning: { kind: "and", operands: xs.map((x) => x.meaning) } })),
    fc.array(tie("b"), { minLength: 2, maxLength: 3 }).map((xs): Built => ({ filter: or(...xs.map((x) => x.filter)), meaning: { kind: "or", operands: xs.map((x) => x.meaning) } })),
  ),
})).b;

/** Whether AND and OR ever appear in the same parenthesised group, outside strings and backticks. */
function mixesWithoutParentheses(text: string): boolean {
  const groups: Set<string>[] = [new Set()];
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '"' || c === "'" || c === "`") {
      for (i++; i < text.length && text.charAt(i) !== c; i++) if (text.charAt(i) === "\\") i++;
    } else if (c === "(") groups.push(new Set());
    else if (c === ")") groups.pop();
    else {
      const word = /^ (AND|OR) /.exec(text.slice(i))?.[1];
      const group = groups.at(-1)!;
      if (word !== undefined) group.add(word);
      if (group.size > 1) return true;
    }
  }
  return false;
}

describe("the SDK filter builder's text means what its calls say", () => {
  const documents = fc.sample(documentArbitrary, { numRuns: 60, seed: 9 });

  test("under AIP-160 precedence, over generated documents", () => {
    fc.assert(
      fc.property(built, ({ filter, meaning }) => {
        const parsed = parseFilter(String(filter));
        for (const document of documents) {
          expect(evaluateFilter(parsed, document), String(filter)).toBe(evaluateFilter(meaning, document));
        }
      }),
      { seed: 160, numRuns: 1000 },
    );
  });

  test("and never mixes AND with OR without parentheses, so SQL's precedence would read it the same", () => {
    fc.assert(
      fc.property(built, ({ filter }) => {
        expect(mixesWithoutParentheses(String(filter)), String(filter)).toBe(false);
      }),
      { seed: 160, numRuns: 1000 },
    );
    expect(mixesWithoutParentheses("a = 1 AND b = 2 OR c = 3")).toBe(true);
  });
});
