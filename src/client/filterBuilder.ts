import { Filter } from "./Filter.js";
import { type FieldPath, formatPath } from "./formatPath.js";
import { type FilterValue, formatValue } from "./formatValue.js";

type Ordered = string | number | bigint;

const compare = (path: FieldPath, op: string, value: FilterValue): Filter =>
  new Filter(`${formatPath(path)} ${op} ${formatValue(value)}`, "atom");

/** `path = value`: present and equal as JSON (3 equals 3.0; "3" does not equal 3). */
export const eq = (path: FieldPath, value: FilterValue): Filter => compare(path, "=", value);
/** `path != value`: present, of the value's JSON type, and different (see docs/filters.md). */
export const ne = (path: FieldPath, value: FilterValue): Filter => compare(path, "!=", value);
export const lt = (path: FieldPath, value: Ordered): Filter => compare(path, "<", value);
export const le = (path: FieldPath, value: Ordered): Filter => compare(path, "<=", value);
export const gt = (path: FieldPath, value: Ordered): Filter => compare(path, ">", value);
export const ge = (path: FieldPath, value: Ordered): Filter => compare(path, ">=", value);

/** `path:value`: an array holding the element, an object with the key, or an equal scalar. */
export const has = (path: FieldPath, value: FilterValue): Filter => new Filter(`${formatPath(path)}:${formatValue(value)}`, "atom");

/** `path = "text*"`: the value is a string starting with `text` (every character literal). */
export const startsWith = (path: FieldPath, text: string): Filter => wildcard(path, text, "", "*");
/** `path = "*text"`: the value is a string ending with `text` (every character literal). */
export const endsWith = (path: FieldPath, text: string): Filter => wildcard(path, text, "*", "");
/** `path = "*text*"`: the value is a string containing `text` (every character literal). */
export const contains = (path: FieldPath, text: string): Filter => wildcard(path, text, "*", "*");

function wildcard(path: FieldPath, text: string, before: string, after: string): Filter {
  const quoted = formatValue(text);
  return new Filter(`${formatPath(path)} = "${before}${quoted.slice(1, -1)}${after}"`, "atom");
}

/** `path:*`: the path is present, whatever its value. */
export const exists = (path: FieldPath): Filter => new Filter(`${formatPath(path)}:*`, "atom");

/** All of the filters; empty ones are skipped, so and() alone matches every row. */
export function and(...filters: readonly (Filter | string)[]): Filter {
  return combine("and", filters);
}

/** Any of the filters; needs at least one non-empty filter. */
export function or(...filters: readonly (Filter | string)[]): Filter {
  const result = combine("or", filters);
  if (result.text === "") throw new RangeError("or() needs at least one non-empty filter");
  return result;
}

/** The opposite of a filter, including rows where its path is missing. */
export function not(filter: Filter | string): Filter {
  const f = toFilter(filter);
  if (f.text === "") throw new RangeError("not() of an empty filter would match no row; leave the filter out instead");
  return new Filter(`NOT ${f.operandOf("not")}`, "atom");
}

function combine(kind: "and" | "or", filters: readonly (Filter | string)[]): Filter {
  const parts = filters.map(toFilter).filter((f) => f.text !== "");
  if (parts.length === 1) return parts[0]!;
  const keyword = kind === "and" ? " AND " : " OR ";
  return new Filter(parts.map((f) => f.operandOf(kind)).join(keyword), parts.length === 0 ? "atom" : kind);
}

/** A raw string is the caller's own filter text; a Filter is used as built. */
export function toFilter(filter: Filter | string): Filter {
  return typeof filter === "string" ? Filter.raw(filter) : filter;
}
