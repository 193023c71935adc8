import { extractPath, extractPathText, mayIndexArray } from "./extractPath.js";
import type { FilterExpr } from "./FilterExpr.js";
import type { FilterValue } from "./FilterValue.js";
import { jsonOf } from "./jsonOf.js";
import type { Path } from "./Path.js";
import type { SqlParams } from "./SqlParams.js";

type Comparison = Extract<FilterExpr, { kind: "compare" | "has" | "exists" | "match" }>;

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
      return `(${extractPath(dataExpr, expr.path)} is not null)`;
    case "has":
      return compileHas(expr.path, expr.value, dataExpr, params);
    case "match":
      return compileMatch(expr, dataExpr, params);
    case "compare": {
      if (expr.op === "=") return compileEquals(expr.path, expr.value, dataExpr, params);
      const value = extractPath(dataExpr, expr.path);
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
  if (mayIndexArray(path)) {
    const extracted = extractPath(dataExpr, path);
    return `(${extracted} = ${params.bind(jsonOf(value), "jsonb")})`;
  }
  const document = path.reduceRight((inner, segment) => `{${JSON.stringify(segment)}:${inner}}`, jsonOf(value));
  const contained = params.bind(document, "jsonb");
  const extracted = extractPath(dataExpr, path);
  return `(${dataExpr} @> ${contained} and ${extracted} = ${params.bind(jsonOf(value), "jsonb")})`;
}

/**
 * `p : v` (AIP-160 "has"): an array has v as an element (top-level jsonb @> of an array and a
 * scalar tests exactly that), an object has the key v when v is a string, a scalar equals v.
 */
function compileHas(path: Path, value: FilterValue, dataExpr: string, params: SqlParams): string {
  const extracted = extractPath(dataExpr, path);
  const literal = params.bind(jsonOf(value), "jsonb");
  const objectCase =
    value.type === "string" ? `jsonb_exists(${extracted}, ${params.bind(value.value, "text")})` : "false";
  return (
    `(case jsonb_typeof(${extracted}) when 'array' then ${extracted} @> ${literal}` +
    ` when 'object' then ${objectCase} else ${extracted} = ${literal} end)`
  );
}

/**
 * A wildcard string (`"Ada*"`, `"*@example.com"`, `"*lov*"`): a prefix is `^@` (starts with), which
 * an SP-GiST index on the field's text serves, also with the prefix bound as a parameter; suffix and
 * contains are LIKE with %, _ and the backslash escaped, so only the wildcard stars match more than
 * themselves (a pg_trgm GIN index on the text serves them). As `!=` elsewhere, `!=` only considers
 * strings. docs/indexing.md shows the indexes.
 */
function compileMatch(expr: Extract<Comparison, { kind: "match" }>, dataExpr: string, params: SqlParams): string {
  const value = extractPath(dataExpr, expr.path);
  const text = extractPathText(dataExpr, expr.path);
  const test = expr.anchoredStart
    ? `${text} ^@ ${params.bind(expr.text, "text")}`
    : `${text} like ${params.bind(`%${escapeLike(expr.text)}${expr.anchoredEnd ? "" : "%"}`, "text")}`;
  return `(jsonb_typeof(${value}) = 'string' and ${expr.op === "=" ? test : `not ${test}`})`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
