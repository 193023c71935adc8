import type { ConnectionWatch } from "../db/ConnectionWatch.js";
import type { CatalogScope } from "../db/listEntities.js";
import type { Sql } from "../db/Sql.js";
import type { StreamSlots } from "../db/StreamSlots.js";
import type { FetchPlan } from "./FetchPlan.js";

/** What a query stream needs from the process: the pool, admission control and settings. */
export interface StreamDeps {
  readonly sql: Sql;
  readonly watch: ConnectionWatch;
  readonly slots: StreamSlots;
  readonly scope: CatalogScope;
  readonly plan: FetchPlan;
  readonly statementTimeoutMs: number;
  readonly maxChunkBytes: number;
}
