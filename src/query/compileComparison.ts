import { extractPath } from "./extractPath.js";
import type { FilterExpr } from "./FilterExpr.js";
import type { FilterValue } from "./FilterValue.js";
import { jsonOf } from "./jsonOf.js";
import type { Path } from "./Path.js";
import type { SqlParams } from "./SqlParams.js";

type Comparison = Extract<FilterExpr, { kind: "compare" | "has" | "exists" | "match" }>;

// jsonb_extract_path reads a segment as an array index when the value there is an array and the
// segment parses with strtol (leading whitespace and a sign allowed; "-1" counts from the end).
// A containment document {"a":{"0":v}} cannot express that, so such paths skip the @> shortcut.
const ARRAY_INDEX_LIKE = /^[ \t\n\v\f\r]*[+-]?[0-9]+$/;

/**
 * One comparison as a parenthesised SQL condition. Comparisons are jsonb against jsonb, which never
 * raises a cast error whatever the document holds; jsonb_typeof guards make a value of another JSON
 * type simply not match. A missing path yields SQL NULL (no match); NOT handles that (compileFilter).
 * The jsonb_typeof names inlined below come from the closed FilterValue type, never from input.
 */
export function compileComparison(expr: Comparison, dataExpr: string, params: SqlParams): string {
  switch (expr.kind) {
    case "exists":
      // JSON null extracts as 'null'::jsonb, which IS NOT NULL: `p:*` matches a present null.
      return `(${extractPath(dataExpr, expr.path, params)} is not null)`;
    case "has":
      return compileHas(expr.path, expr.value, dataExpr, params);
    case "match":
      return compileMatch(expr, dataExpr, params);
    case "compare": {
      if (expr.op === "=") return compileEquals(expr.path, expr.value, dataExpr, params);
      const value = extractPath(dataExpr, expr.path, params);
      if (expr.op === "!=" && expr.value.type === "null") return `(jsonb_typeof(${value}) <> 'null')`;
      const sqlOperator = expr.op === "!=" ? "<>" : expr.op;
      const literal = params.bind(jsonOf(expr.value), "jsonb");
      return `(jsonb_typeof(${value}) = '${expr.value.type}' and ${value} ${sqlOperator} ${literal})`;
    }
  }
}

/**
 * `p = v` is jsonb equality (3 = 3.0). Without array-like segments it is also ANDed with
 * `data @> {"p…": v}`, which a GIN index on data can answer; below the top level, containment of a
 * scalar is exact (`{"t":["a"]} @> {"t":"a"}` is false), so the result does not change.
 */
function compileEquals(path: Path, value: FilterValue, dataExpr: string, params: SqlParams): string {
  if (path.some((segment) => ARRAY_INDEX_LIKE.test(segment))) {
    const extracted = extractPath(dataExpr, path, params);
    return `(${extracted} = ${params.bind(jsonOf(value), "jsonb")})`;
  }
  const document = path.reduceRight((inner, segment) => `{${JSON.stringify(segment)}:${inner}}`, jsonOf(value));
  const contained = params.bind(document, "jsonb");
  const extracted = extractPath(dataExpr, path, params);
  return `(${dataExpr} @> ${contained} and ${extracted} = ${params.bind(jsonOf(value), "jsonb")})`;
}

/**
 * `p : v` (AIP-160 "has"): an array has v as an element (top-level jsonb @> of an array and a
 * scalar tests exactly that), an object has the key v when v is a string, a scalar equals v.
 */
function compileHas(path: Path, value: FilterValue, dataExpr: string, params: SqlParams): string {
  const extracted = extractPath(dataExpr, path, params);
  const literal = params.bind(jsonOf(value), "jsonb");
  const objectCase =
    value.type === "string" ? `jsonb_exists(${extracted}, ${params.bind(value.value, "text")})` : "false";
  return (
    `(case jsonb_typeof(${extracted}) when 'array' then ${extracted} @> ${literal}` +
    ` when 'object' then ${objectCase} else ${extracted} = ${literal} end)`
  );
}

/**
 * A wildcard string (`"Ada*"`, `"*@example.com"`, `"*lov*"`): a prefix is `starts_with`, which an
 * SP-GiST index (or a btree in the C collation) on the text can serve; suffix and contains are LIKE
 * with %, _ and \ escaped, so only the wildcard stars match more than themselves (a pg_trgm GIN
 * index serves them). Like `!=` elsewhere, `!=` only considers strings.
 */
function compileMatch(expr: Extract<Comparison, { kind: "match" }>, dataExpr: string, params: SqlParams): string {
  const value = extractPath(dataExpr, expr.path, params);
  const text = `(${value} #>> '{}')`;
  const test = expr.anchoredStart
    ? `starts_with(${text}, ${params.bind(expr.text, "text")})`
    : `${text} like ${params.bind(`%${escapeLike(expr.text)}${expr.anchoredEnd ? "" : "%"}`, "text")}`;
  return `(jsonb_typeof(${value}) = 'string' and ${expr.op === "=" ? test : `not ${test}`})`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
