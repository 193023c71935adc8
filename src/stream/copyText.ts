import type { CompiledSql } from "../query/CompiledSql.js";
import { settingName } from "../query/SqlParams.js";

/**
 * The statement that makes a COPY statement's values (SqlParams "settings" mode) settings of the
 * transaction: `select set_config('fraiseql_wire.p1', $1, true), …`, the values bound. undefined
 * when there are none. The names are our own constants; `true` ends each with the transaction.
 */
export function setSettingsText(count: number): string | undefined {
  if (count === 0) return undefined;
  const calls = Array.from({ length: count }, (_, i) => `set_config('${settingName(i + 1)}', $${i + 1}, true)`);
  return `select ${calls.join(", ")}`;
}

/** `compiled` (compiled for COPY: settings, columns as text) as binary COPY to the client. */
export function copyStatementText(compiled: CompiledSql): string {
  return `copy (${compiled.text}) to stdout (format binary)`;
}
