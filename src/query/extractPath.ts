import type { Path } from "./Path.js";
import { quoteLiteral } from "./quoteLiteral.js";

// jsonb_extract_path reads a segment as an array index when the value there is an array and the
// segment parses with strtol (leading whitespace and a sign allowed; "-1" counts from the end);
// `->` with a text key never indexes an array, so such paths keep the function.
const ARRAY_INDEX_LIKE = /^[ \t\n\v\f\r]*[+-]?[0-9]+$/;

/** Whether some segment of `path` may read an array element (see extractPath). */
export function mayIndexArray(path: Path): boolean {
  return path.some((segment) => ARRAY_INDEX_LIKE.test(segment));
}

/**
 * The jsonb value at `path`, or SQL NULL when the path is missing, written the way users index it
 * (docs/indexing.md): `"data" -> 'owner' -> 'name'`. A path with a segment that may be an array
 * index is `jsonb_extract_path("data", 'items', '0', 'sku')`, which reads arrays and objects alike.
 * Keys are constants through quoteLiteral, so an expression index on the same path can serve it.
 */
export function extractPath(dataExpr: string, path: Path): string {
  return build(dataExpr, path, "->", "jsonb_extract_path");
}

/** The same as text (`->>`, jsonb_extract_path_text): a JSON string's characters, for LIKE and ^@. */
export function extractPathText(dataExpr: string, path: Path): string {
  return build(dataExpr, path, "->>", "jsonb_extract_path_text");
}

function build(dataExpr: string, path: Path, lastArrow: "->" | "->>", fn: string): string {
  const keys = path.map(quoteLiteral);
  if (mayIndexArray(path)) return `${fn}(${dataExpr}, ${keys.join(", ")})`;
  const head = keys.slice(0, -1).map((key) => ` -> ${key}`).join("");
  return `(${dataExpr}${head} ${lastArrow} ${keys.at(-1)!})`;
}
