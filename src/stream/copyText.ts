import type { CompiledSql } from "../query/CompiledSql.js";
import { settingName } from "../query/SqlParams.js";

/**
 * The statement that makes a COPY statement's values (SqlParams "settings" mode) settings of the
 * transaction: `select set_config('fraiseql_wire.p1', $1, true), …`, the values bound; `true` ends
 * each with the transaction, and the names are our own constants. It also turns parallel query off
 * for the COPY: a cursor never runs a parallel plan, but COPY (SELECT …) may, and a Parallel Append
 * would interleave the branches of compileSelect's `union all` (its order), while a Gather Merge
 * sort took the first row of a full stream from milliseconds to 2.5 s (measured, 1M rows).
 */
export function setSettingsText(count: number): string {
  const calls = Array.from({ length: count }, (_, i) => `set_config('${settingName(i + 1)}', $${i + 1}, true)`);
  return `select ${["set_config('max_parallel_workers_per_gather', '0', true)", ...calls].join(", ")}`;
}

/** `compiled` (compiled for COPY: settings, columns as text) as binary COPY to the client. */
export function copyStatementText(compiled: CompiledSql): string {
  return `copy (${compiled.text}) to stdout (format binary)`;
}
