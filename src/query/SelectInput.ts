import type { KeysetPosition } from "./KeysetPosition.js";
import type { FilterExpr } from "./FilterExpr.js";
import type { OrderTerm } from "./OrderTerm.js";

/** What compileSelect needs: the view (from the catalog) and the parsed request. */
export interface SelectInput {
  readonly schema: string;
  readonly view: string;
  /** The type of the view's `data` column; json is cast to jsonb for filtering and ordering only. */
  readonly dataType: "json" | "jsonb";
  /** The view's key column (`id`), used as the tie-breaker that makes pagination stable. */
  readonly keyColumn: string | undefined;
  readonly filter: FilterExpr | undefined;
  readonly orderBy: readonly OrderTerm[];
  /** undefined = no limit (0 is a limit of zero rows). */
  readonly limit: number | undefined;
  readonly offset: number;
  /** Resume strictly after this position (a keyset resume token); needs the key column. */
  readonly after?: KeysetPosition | undefined;
  /**
   * Compile for `COPY (…) TO STDOUT (format binary)` (issue 11): values as settings (SqlParams
   * "settings" mode), every selected column as `::text`. `keyType` is the key column's type from
   * the catalog, one of SETTING_KEY_TYPES (needed only with `after`).
   */
  readonly copy?: { readonly keyType: string | undefined } | undefined;
}
