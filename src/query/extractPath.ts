import type { Path } from "./Path.js";
import type { SqlParams } from "./SqlParams.js";

/**
 * `jsonb_extract_path(<dataExpr>, $1::text, $2::text)`: the value at `path`, or SQL NULL when the
 * path is missing. Each segment is its own parameter, so keys may hold any character.
 */
export function extractPath(dataExpr: string, path: Path, params: SqlParams): string {
  const segments = path.map((segment) => params.bind(segment, "text"));
  return `jsonb_extract_path(${dataExpr}, ${segments.join(", ")})`;
}
