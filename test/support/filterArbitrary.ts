import fc from "fast-check";
import type { FilterExpr } from "../../src/query/FilterExpr.js";
import type { FilterValue } from "../../src/query/FilterValue.js";

/**
 * Random documents and random filters over them, for differential tests against the oracle
 * (filterOracle.ts). Filters are generated as trees, then written as text with as few parentheses
 * as AIP-160 precedence allows (OR binds tighter than AND and than a sequence), with random
 * spellings: bare or quoted strings, single or double quotes, escapes, NOT or -, sequences for AND,
 * redundant parentheses. A parser that groups differently from the tree returns other rows.
 *
 * Ordered comparisons use only the field `s` (lowercase a/b strings) and numbers, whose order is
 * the same in every collation; `t` holds awkward characters and is only compared for (in)equality.
 */
const ORDERED_TEXT = fc.string({ unit: fc.constantFrom("a", "b"), maxLength: 3 });
const AWKWARD_TEXT = fc.string({ unit: fc.constantFrom("a", "b", "_", "%", "*", "\\", '"', "'", " "), maxLength: 4 });
const NUMBER = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(1.5, -0.5, 2.0));
const SCALAR = fc.oneof(NUMBER, ORDERED_TEXT, fc.boolean(), fc.constant(null));

export const documentArbitrary: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    n: NUMBER,
    s: ORDERED_TEXT,
    t: AWKWARD_TEXT,
    mixed: SCALAR,
    tags: fc.oneof(fc.array(SCALAR, { maxLength: 3 }), SCALAR),
    obj: fc.oneof(fc.record({ k: SCALAR, s: ORDERED_TEXT }, { requiredKeys: [] }), SCALAR),
    arr: fc.array(fc.oneof(NUMBER, ORDERED_TEXT), { maxLength: 3 }),
  },
  { requiredKeys: [] },
);

type Leaf = Extract<FilterExpr, { kind: "compare" | "has" | "exists" | "match" }>;

const PATHS: readonly (readonly string[])[] = [["n"], ["s"], ["t"], ["mixed"], ["tags"], ["obj", "k"], ["obj", "s"], ["arr", "0"], ["absent"]];
const path = fc.constantFrom(...PATHS);

const literal: fc.Arbitrary<FilterValue> = fc.oneof(
  NUMBER.map((n): FilterValue => ({ type: "number", text: String(n) })),
  ORDERED_TEXT.map((value): FilterValue => ({ type: "string", value })),
  AWKWARD_TEXT.map((value): FilterValue => ({ type: "string", value })),
  fc.boolean().map((value): FilterValue => ({ type: "boolean", value })),
  fc.constant<FilterValue>({ type: "null" }),
);
const orderedLiteral: fc.Arbitrary<FilterValue> = fc.oneof(
  NUMBER.map((n): FilterValue => ({ type: "number", text: String(n) })),
  ORDERED_TEXT.map((value): FilterValue => ({ type: "string", value })),
);

const leaf: fc.Arbitrary<Leaf> = fc.oneof(
  fc.record({ kind: fc.constant("compare" as const), path, op: fc.constantFrom("=" as const, "!=" as const), value: literal }),
  fc.record({
    kind: fc.constant("compare" as const),
    path: fc.constantFrom(["n"], ["s"], ["mixed"], ["obj", "s"], ["arr", "0"]),
    op: fc.constantFrom("<" as const, "<=" as const, ">" as const, ">=" as const),
    value: orderedLiteral,
  }),
  fc.record({ kind: fc.constant("has" as const), path, value: literal }),
  fc.record({ kind: fc.constant("exists" as const), path }),
  fc.record({
    kind: fc.constant("match" as const),
    path,
    op: fc.constantFrom("=" as const, "!=" as const),
    text: fc.string({ unit: fc.constantFrom("a", "b", "_", "%", "\\"), maxLength: 2 }),
    anchoredStart: fc.boolean(),
    anchoredEnd: fc.boolean(),
  }).filter((m) => !(m.anchoredStart && m.anchoredEnd)),
);

export const filterArbitrary: fc.Arbitrary<FilterExpr> = fc.letrec<{ expr: FilterExpr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.record({ kind: fc.constant("not" as const), operand: tie("expr") }),
    fc.record({ kind: fc.constant("and" as const), operands: fc.array(tie("expr"), { minLength: 2, maxLength: 3 }) }),
    fc.record({ kind: fc.constant("or" as const), operands: fc.array(tie("expr"), { minLength: 2, maxLength: 3 }) }),
  ),
})).expr;

/** Choices for how to spell a tree; the same tree always has the same meaning. */
export interface Spelling {
  readonly choices: readonly number[];
}
export const spellingArbitrary: fc.Arbitrary<Spelling> = fc.array(fc.nat(11), { minLength: 64, maxLength: 64 }).map((choices) => ({ choices }));

/** Writes `expr` as filter text with minimal AIP-160 parentheses and the spelling's choices. */
export function renderFilter(expr: FilterExpr, spelling: Spelling): string {
  let next = 0;
  const choose = (n: number): number => (spelling.choices[next++ % spelling.choices.length] ?? 0) % n;
  const wrap = (text: string, needed: boolean): string => (needed || choose(8) === 0 ? `(${text})` : text);

  const render = (node: FilterExpr, within: "and" | "or" | "not" | "top"): string => {
    switch (node.kind) {
      case "and": {
        // AND binds loosest: inside OR or NOT it needs parentheses. Its operands may be joined by
        // AND or by juxtaposition (a sequence); an OR operand needs none in either case.
        const text = node.operands.map((operand) => render(operand, "and")).reduce((joined, part) => `${joined}${choose(3) === 0 ? " " : " AND "}${part}`);
        return wrap(text, within === "or" || within === "not");
      }
      case "or": {
        const text = node.operands.map((operand) => render(operand, "or")).join(" OR ");
        return wrap(text, within === "not");
      }
      case "not": {
        const operand = render(node.operand, "not");
        return wrap(`${choose(2) === 0 ? "NOT " : "-"}${operand}`, false);
      }
      default:
        return wrap(renderLeaf(node, choose), false);
    }
  };
  return render(expr, "top");
}

function renderLeaf(node: Leaf, choose: (n: number) => number): string {
  const p = node.path.join(".");
  switch (node.kind) {
    case "exists":
      return `${p}:*`;
    case "has":
      return `${p}:${renderValue(node.value, choose, false)}`;
    case "compare":
      return `${p} ${node.op} ${renderValue(node.value, choose, true)}`;
    case "match": {
      const inner = quoteBody(node.text, '"');
      return `${p} ${node.op} "${node.anchoredStart ? "" : "*"}${inner}${node.anchoredEnd ? "" : "*"}"`;
    }
  }
}

function renderValue(value: FilterValue, choose: (n: number) => number, mayParenthesise: boolean): string {
  const text = ((): string => {
    switch (value.type) {
      case "number":
        return value.text;
      case "boolean":
        return String(value.value);
      case "null":
        return "null";
      case "string": {
        const bare = /^[A-Za-z_][A-Za-z0-9_]*$/.test(value.value) && !/^(true|false|null|AND|OR|NOT)$/.test(value.value);
        if (bare && choose(2) === 0) return value.value;
        const quote = choose(2) === 0 ? '"' : "'";
        return `${quote}${quoteBody(value.value, quote, choose)}${quote}`;
      }
    }
  })();
  return mayParenthesise && choose(6) === 0 ? `(${text})` : text;
}

/** The inside of a quoted string: quotes, backslashes and stars escaped; letters sometimes as \x or octal. */
function quoteBody(text: string, quote: string, choose?: (n: number) => number): string {
  return Array.from(text)
    .map((c) => {
      if (c === quote || c === "\\" || c === "*") return `\\${c}`;
      if (choose !== undefined && c === "a") {
        const form = choose(4);
        if (form === 0) return "\\x61";
        if (form === 1) return "\\141";
      }
      return c;
    })
    .join("");
}
