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
 */
export function compileSelect(input: SelectInput): CompiledSql {
  const params = new SqlParams();
  const data = quoteIdentifier(DATA_COLUMN);
  const dataExpr = input.dataType === "json" ? `${data}::jsonb` : data;
  let text = `select ${data} from ${quoteIdentifier(input.schema)}.${quoteIdentifier(input.view)}`;
  if (input.filter !== undefined) text += ` where ${compileFilter(input.filter, dataExpr, params)}`;

  // Rows missing a field sort last in both directions (AIP-132 leaves it open; last is what lists
  // usually want). The key breaks ties, so that limit/offset pages neither repeat nor skip rows.
  const order = input.orderBy.map(
    (term) => `${extractPath(dataExpr, term.path, params)} ${term.direction} nulls last`,
  );
  const paginated = input.limit !== undefined || input.offset !== 0;
  if (input.keyColumn !== undefined && (order.length > 0 || paginated)) {
    order.push(`${quoteIdentifier(input.keyColumn)} asc`);
  }
  if (order.length > 0) text += ` order by ${order.join(", ")}`;

  if (input.limit !== undefined) text += ` limit ${params.bind(rowCount("limit", input.limit), "bigint")}`;
  if (input.offset !== 0) text += ` offset ${params.bind(rowCount("offset", input.offset), "bigint")}`;
  return { text, params: params.values };
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
