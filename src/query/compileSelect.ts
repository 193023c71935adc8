import { WireError } from "../errors/WireError.js";
import type { CompiledSql } from "./CompiledSql.js";
import { compileFilter } from "./compileFilter.js";
import { extractPath } from "./extractPath.js";
import { keysetAfter, type OrderKey } from "./keysetAfter.js";
import { quoteIdentifier } from "./quoteIdentifier.js";
import type { SelectInput } from "./SelectInput.js";
import { SqlParams } from "./SqlParams.js";

const DATA_COLUMN = "data";

/**
 * The one statement of a StreamQuery:
 *   select "data" from "schema"."view" where … order by … limit $n::bigint offset $m::bigint
 * selecting `data` untouched, with every clause that is not needed left out.
 *
 * Rows missing an order_by field sort last in both directions (AIP-132 leaves it open; last is what
 * lists usually want). A view with a key column `id` is always ordered, with `id` as the last key:
 * pages then never overlap, and every row has a position a resume token can name. Such a statement
 * also selects, after `data`, each order_by value and the id (`positionColumns` of them), which
 * the stream turns into the token of the last row of each message.
 *
 * A btree on `(data -> 'f')` reads `f asc nulls last` forwards, but `f desc nulls last` is not the
 * order of a btree read backwards (that is `desc nulls first`); so a leading desc term is written
 * as the rows that have the field, in index order, followed by the rows that lack it:
 *   select … from ((select … where f is not null order by f desc, …)
 *                  union all (select … where f is null order by …)) as ordered limit …
 * A resumed stream (`after`) is split the same way, so the index also serves its first row.
 * Append returns its branches in order, and a cursor (DECLARE) never runs a parallel plan that
 * could interleave them. docs/indexing.md shows the plans.
 */
export function compileSelect(input: SelectInput): CompiledSql {
  const params = input.copy === undefined ? new SqlParams() : new SqlParams("settings", input.copy.keyType);
  const data = quoteIdentifier(DATA_COLUMN);
  const dataExpr = input.dataType === "json" ? `${data}::jsonb` : data;
  const from = `${quoteIdentifier(input.schema)}.${quoteIdentifier(input.view)}`;
  const where = input.filter === undefined ? [] : [compileFilter(input.filter, dataExpr, params)];
  const keys: OrderKey[] = input.orderBy.map((term) => ({ expr: extractPath(dataExpr, term.path), direction: term.direction }));
  const key = input.keyColumn === undefined ? undefined : quoteIdentifier(input.keyColumn);
  const paginated = input.limit !== undefined || input.offset !== 0;

  // With a key column: `data`, each order_by value and the id, for the stream's resume tokens.
  // For COPY, the outermost select list casts each to text: binary COPY then sends each column's
  // text as PostgreSQL's text output would (the same bytes a FETCH gives; no jsonb version byte).
  const asText = (column: string, name: string): string => (input.copy === undefined ? column : `(${column})::text as ${name}`);
  const outerOf = (names: readonly string[]) => (input.copy === undefined ? names : names.map((n) => asText(n, n)));
  const union = (present: string, missing: string) => `select ${outerOf(outer).join(", ")} from ((${present}) union all (${missing})) as ordered`;
  const columns = key === undefined ? [data] : [data, ...keys.map((k, i) => `${k.expr} as k${i + 1}`), `${key} as kid`];
  const outer = key === undefined ? [data] : [data, ...keys.map((_, i) => `k${i + 1}`), "kid"];
  const topColumns = input.copy === undefined ? columns : key === undefined ? [asText(data, data)] : [asText(data, data), ...keys.map((k, i) => asText(k.expr, `k${i + 1}`)), asText(key, "kid")];
  const tieBreaker = key !== undefined ? [`${key} asc`] : [];
  const order = (rest: readonly OrderKey[]) => [...rest.map((k) => `${k.expr} ${k.direction} nulls last`), ...tieBreaker];
  const select = (conditions: readonly string[], by: readonly string[], top = false) => {
    let text = `select ${(top ? topColumns : columns).join(", ")} from ${from}`;
    if (conditions.length > 0) text += ` where ${conditions.join(" and ")}`;
    if (by.length > 0) text += ` order by ${by.join(", ")}`;
    return text;
  };

  const after = input.after;
  const first = keys[0];
  const rest = keys.slice(1);
  let text: string;
  if (after !== undefined && key !== undefined) {
    const restAfter = () => keysetAfter(rest, after.values.slice(1), after.id, key, params);
    if (first === undefined) {
      text = select([...where, keysetAfter([], [], after.id, key, params)], order([]), true);
    } else if (after.values[0] === null || after.values[0] === undefined) {
      // The last row lacked the first field: only rows lacking it too can follow.
      text = select([...where, `${first.expr} is null`, restAfter()], order(rest), true);
    } else {
      const v = params.bind(after.values[0], "jsonb");
      const [bound, strict] = first.direction === "asc" ? [">=", ">"] : ["<=", "<"];
      const present = select(
        [...where, `${first.expr} ${bound} ${v}`, `(${first.expr} ${strict} ${v} or ${restAfter()})`],
        [`${first.expr} ${first.direction}`, ...order(rest)],
      );
      text = union(present, select([...where, `${first.expr} is null`], order(rest)));
    }
  } else if (first?.direction === "desc") {
    const present = select([...where, `${first.expr} is not null`], [`${first.expr} desc`, ...order(rest)]);
    text = union(present, select([...where, `${first.expr} is null`], order(rest)));
  } else {
    text = select(where, order(keys), true);
  }

  if (input.limit !== undefined) text += ` limit ${params.bind(rowCount("limit", input.limit), "bigint")}`;
  if (input.offset !== 0) text += ` offset ${params.bind(rowCount("offset", input.offset), "bigint")}`;
  return {
    text,
    params: params.values,
    positionColumns: key === undefined ? 0 : keys.length + 1,
    cursorTupleFraction: keys.length === 0 && input.limit === undefined ? "1" : "0.01",
  };
}

function rowCount(field: "limit" | "offset", value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) {
    const description = `${field} must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, not ${value}`;
    throw new WireError("INVALID_ARGUMENT", `invalid ${field}: ${description}`, {
      metadata: { field, value: String(value) },
      fieldViolations: [{ field, description }],
    });
  }
  return String(value);
}
