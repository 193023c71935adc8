import type { FilterExpr } from "../../src/query/FilterExpr.js";
import type { FilterValue } from "../../src/query/FilterValue.js";
import type { Path } from "../../src/query/Path.js";

/**
 * The meaning docs/filters.md gives a parsed filter, evaluated in TypeScript over a JSON document:
 * the differential oracle the server's rows are checked against. Written from the documentation,
 * not from the SQL compiler, so a compiler that drifts from the docs is caught.
 *
 * Strings compare by UTF-16 code units, which equals the database collation only for the lowercase
 * ASCII letters and digits the differential data uses (docs/filters.md: strings order by collation).
 */
export function evaluateFilter(expr: FilterExpr | undefined, document: unknown): boolean {
  if (expr === undefined) return true;
  switch (expr.kind) {
    case "and":
      return expr.operands.every((operand) => evaluateFilter(operand, document));
    case "or":
      return expr.operands.some((operand) => evaluateFilter(operand, document));
    case "not":
      // NOT includes rows where the inner comparison is unknown (a missing path): docs, "Operators".
      return !evaluateFilter(expr.operand, document);
    case "exists":
      return valueAt(document, expr.path) !== MISSING;
    case "has":
      return has(valueAt(document, expr.path), expr.value);
    case "match":
      return matches(valueAt(document, expr.path), expr);
    case "compare":
      return compare(valueAt(document, expr.path), expr.op, expr.value);
  }
}

const MISSING = Symbol("missing");
type Found = unknown | typeof MISSING;

/** PostgreSQL's jsonb_extract_path: a segment indexes an array when it reads as an integer. */
function valueAt(document: unknown, path: Path): Found {
  let current: unknown = document;
  for (const segment of path) {
    if (Array.isArray(current)) {
      if (!/^[ \t\n\v\f\r]*[+-]?[0-9]+$/.test(segment)) return MISSING;
      const index = Number.parseInt(segment.trim(), 10);
      const at = index < 0 ? current.length + index : index;
      if (at < 0 || at >= current.length) return MISSING;
      current = current[at];
    } else if (current !== null && typeof current === "object") {
      if (!Object.hasOwn(current, segment)) return MISSING;
      current = (current as Record<string, unknown>)[segment];
    } else {
      return MISSING;
    }
  }
  return current;
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function literal(value: FilterValue): unknown {
  switch (value.type) {
    case "string":
      return value.value;
    case "number":
      return Number(value.text);
    case "boolean":
      return value.value;
    case "null":
      return null;
  }
}

/** jsonb equality of a document value with a scalar literal: same type, equal value (3 = 3.0). */
function equalsLiteral(found: Found, value: FilterValue): boolean {
  return found !== MISSING && typeOf(found) === value.type && found === literal(value);
}

function compare(found: Found, op: string, value: FilterValue): boolean {
  if (found === MISSING) return false;
  if (op === "=") return equalsLiteral(found, value);
  if (op === "!=") return value.type === "null" ? found !== null : typeOf(found) === value.type && found !== literal(value);
  if (typeOf(found) !== value.type) return false;
  const left = found as string | number;
  const right = literal(value) as string | number;
  switch (op) {
    case "<":
      return left < right;
    case "<=":
      return left <= right;
    case ">":
      return left > right;
    default:
      return left >= right;
  }
}

/** `p : v`: an array holding v, an object with the key v (a string), or a scalar equal to v. */
function has(found: Found, value: FilterValue): boolean {
  if (found === MISSING) return false;
  if (Array.isArray(found)) return found.some((element) => equalsLiteral(element, value));
  if (found !== null && typeof found === "object") return value.type === "string" && Object.hasOwn(found, value.value);
  return equalsLiteral(found, value);
}

function matches(found: Found, expr: Extract<FilterExpr, { kind: "match" }>): boolean {
  if (typeof found !== "string") return false;
  const hit = expr.anchoredStart
    ? found.startsWith(expr.text)
    : expr.anchoredEnd
      ? found.endsWith(expr.text)
      : found.includes(expr.text);
  return expr.op === "=" ? hit : !hit;
}
