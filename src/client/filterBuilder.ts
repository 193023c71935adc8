import { Filter } from "./Filter.js";
import { type FieldPath, formatPath } from "./formatPath.js";
import { type FilterValue, formatValue } from "./formatValue.js";

/** A value with an order, for lt(), le(), gt() and ge(): strings compare by the database collation. */
export type OrderedValue = string | number | bigint;

const compare = (path: FieldPath, op: string, value: FilterValue): Filter =>
  new Filter(`${formatPath(path)} ${op} ${formatValue(value)}`, "atom");

/**
 * `path = value`: present and equal as JSON (3 equals 3.0; "3" does not equal 3).
 *
 * Every builder quotes the path and escapes the value, so user input can never change the filter's
 * meaning: `eq("name", userInput)` stays one comparison whatever `userInput` holds.
 *
 * @example
 * ```ts
 * import { eq } from "fraiseql-wire/client";
 *
 * eq("status", "active");          // status = "active"
 * eq("owner.name", 'Ada "A" L.*'); // owner.name = "Ada \"A\" L.\*" (the star stays a star)
 * eq(["a.b", 0], null);            // `a.b`.0 = null
 * ```
 */
export const eq = (path: FieldPath, value: FilterValue): Filter => compare(path, "=", value);
/** `path != value`: present, of the value's JSON type, and different (see docs/filters.md). */
export const ne = (path: FieldPath, value: FilterValue): Filter => compare(path, "!=", value);
/** `path < value`: present, of the value's JSON type, and less (numbers numerically). */
export const lt = (path: FieldPath, value: OrderedValue): Filter => compare(path, "<", value);
/** `path <= value`: present, of the value's JSON type, and less or equal. */
export const le = (path: FieldPath, value: OrderedValue): Filter => compare(path, "<=", value);
/** `path > value`: present, of the value's JSON type, and greater. */
export const gt = (path: FieldPath, value: OrderedValue): Filter => compare(path, ">", value);
/** `path >= value`: present, of the value's JSON type, and greater or equal. */
export const ge = (path: FieldPath, value: OrderedValue): Filter => compare(path, ">=", value);

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

/**
 * All of the filters; empty ones are skipped, so and() alone matches every row. With {@link or}
 * and {@link not} it adds parentheses exactly where AIP-160's precedence (OR binds tighter than
 * AND) needs them.
 *
 * @example
 * ```ts
 * import { WireClient, and, eq, ge, not, or, startsWith } from "fraiseql-wire/client";
 *
 * const filter = and(
 *   eq("status", "active"),
 *   or(ge("priority", 4), startsWith("owner.name", "Ada")),
 *   not(eq("archived", true)),
 * );
 * console.log(String(filter)); // status = "active" AND (priority >= 4 OR owner.name = "Ada*") AND NOT archived = true
 * const client = new WireClient("127.0.0.1:50051");
 * for await (const row of client.query("projects").where(filter)) console.log(row);
 * client.close();
 * ```
 */
export function and(...filters: readonly (Filter | string)[]): Filter {
  return combine("and", filters);
}

/**
 * Any of the filters; empty ones are skipped.
 * @throws RangeError when every filter is empty.
 */
export function or(...filters: readonly (Filter | string)[]): Filter {
  const result = combine("or", filters);
  if (result.text === "") throw new RangeError("or() needs at least one non-empty filter");
  return result;
}

/**
 * The opposite of a filter, including rows where its path is missing.
 * @throws RangeError for an empty filter (which would match no row).
 */
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
