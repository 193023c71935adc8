import { WireError } from "../errors/WireError.js";
import type { CompiledSql } from "./CompiledSql.js";
import { compileFilter } from "./compileFilter.js";
import { extractPath } from "./extractPath.js";
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
 * lists usually want). The key breaks ties, so that limit/offset pages neither repeat nor skip rows.
 * A btree on `(data -> 'f')` reads `f asc nulls last` forwards, but `f desc nulls last` is not the
 * order of a btree read backwards (that is `desc nulls first`); so a leading desc term is written
 * as the rows that have the field, in index order, followed by the rows that lack it:
 *   select "data" from ((select … where f is not null order by f desc, …)
 *                       union all (select … where f is null order by …)) as ordered limit …
 * Append returns its branches in order, and a cursor (DECLARE) never runs a parallel plan that
 * could interleave them. docs/indexing.md shows both plans.
 */
export function compileSelect(input: SelectInput): CompiledSql {
  const params = new SqlParams();
  const data = quoteIdentifier(DATA_COLUMN);
  const dataExpr = input.dataType === "json" ? `${data}::jsonb` : data;
  const from = `select ${data} from ${quoteIdentifier(input.schema)}.${quoteIdentifier(input.view)}`;
  const where = input.filter === undefined ? [] : [compileFilter(input.filter, dataExpr, params)];

  const terms = input.orderBy.map((term) => ({ expr: extractPath(dataExpr, term.path), direction: term.direction }));
  const paginated = input.limit !== undefined || input.offset !== 0;
  const tieBreaker =
    input.keyColumn !== undefined && (terms.length > 0 || paginated) ? [`${quoteIdentifier(input.keyColumn)} asc`] : [];
  const ordered = (rest: typeof terms) => [...rest.map((t) => `${t.expr} ${t.direction} nulls last`), ...tieBreaker];

  const first = terms[0];
  let text: string;
  if (first?.direction === "desc") {
    const present = select(from, [...where, `${first.expr} is not null`], [`${first.expr} desc`, ...ordered(terms.slice(1))]);
    const missing = select(from, [...where, `${first.expr} is null`], ordered(terms.slice(1)));
    text = `select ${data} from ((${present}) union all (${missing})) as ordered`;
  } else {
    text = select(from, where, ordered(terms));
  }

  if (input.limit !== undefined) text += ` limit ${params.bind(rowCount("limit", input.limit), "bigint")}`;
  if (input.offset !== 0) text += ` offset ${params.bind(rowCount("offset", input.offset), "bigint")}`;
  return { text, params: params.values };
}

function select(from: string, where: readonly string[], order: readonly string[]): string {
  let text = from;
  if (where.length > 0) text += ` where ${where.join(" and ")}`;
  if (order.length > 0) text += ` order by ${order.join(", ")}`;
  return text;
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
