import type { SqlParams } from "./SqlParams.js";

/** One order_by term as compiled: the path expression and its direction (missing sorts last). */
export interface OrderKey {
  readonly expr: string;
  readonly direction: "asc" | "desc";
}

/**
 * The condition "comes strictly after the position" in the order `keys…, id asc`, where a missing
 * field (SQL NULL) sorts after every value in both directions:
 *
 *   after(k) = k is past the last key:  id > $id
 *              value k missing:          e is null and after(k+1)
 *              value k present:          e ▷ $v or e is null or (e = $v and after(k+1))
 *
 * with ▷ being > for asc and < for desc. jsonb's = agrees with its ordering (3 = 3.0), so ties are
 * exactly the rows the ordering cannot tell apart. Values are bound; `id` is bound untyped, so
 * PostgreSQL reads it as the key column's own type.
 */
export function keysetAfter(
  keys: readonly OrderKey[],
  values: readonly (string | null)[],
  id: string,
  keyColumn: string,
  params: SqlParams,
): string {
  const idAfter = `${keyColumn} > ${params.bindUntyped(id)}`;
  let condition = idAfter;
  for (let k = keys.length - 1; k >= 0; k--) {
    const { expr, direction } = keys[k]!;
    const value = values[k] ?? null;
    if (value === null) {
      condition = `(${expr} is null and ${condition})`;
    } else {
      const v = params.bind(value, "jsonb");
      condition = `(${expr} ${direction === "asc" ? ">" : "<"} ${v} or ${expr} is null or (${expr} = ${v} and ${condition}))`;
    }
  }
  return condition;
}
