import type { Statement } from "./serverStatements.js";

// pg_stat_statements shows each statement with its placeholders ($1, $2, …), and sometimes with
// its constants normalized into placeholders too. Each statement the server may run is one of its
// own fixed templates, compared whole in either form, or the cursor over an exposed view.
const normalize = (sql: string): string => sql.replace(/\$\d+/g, "$N").replace(/\s+/g, " ").trim();
const constantsToo = (sql: string): string => normalize(sql).replace(/'(?:[^']|'')*'/g, "$N").replace(/\b(true|false)\b/g, "$N").replace(/(?<![$\w])\d+\b/g, "$N");
const CLAIMS = `(select count(set_config('request.jwt.claim.' || key, coalesce(value, ''), true)) from jsonb_each_text($9::text::jsonb) where key ~ '^[A-Za-z_][A-Za-z0-9_]*$')`;
const TEMPLATES = [
  "begin transaction isolation level repeatable read read only",
  "commit",
  "rollback",
  "select 1", // the health check and the pool probe
  // src/stream/sessionSettings.ts: without a caller role or claims, with claims, with both.
  "select set_config('statement_timeout', $1, true), set_config('jit', 'off', true), set_config('synchronize_seqscans', 'off', true)",
  `select set_config('statement_timeout', $1, true), set_config('jit', 'off', true), set_config('synchronize_seqscans', 'off', true), set_config('request.jwt.claims', $2, true), ${CLAIMS}`,
  `select set_config('statement_timeout', $1, true), set_config('jit', 'off', true), set_config('synchronize_seqscans', 'off', true), set_config('role', $2, true), set_config('request.jwt.claims', $3, true), ${CLAIMS}`,
  "select set_config('cursor_tuple_fraction', $1, true)",
];
const FIXED = new Set(TEMPLATES.map(normalize));
// Compared only with statements that show no constant at all: one that shows any must match a
// template with its constants (so set_config('role', 'postgres', false) matches nothing).
const FIXED_NORMALIZED = new Set(TEMPLATES.map(constantsToo));
const showsConstants = (sql: string): boolean => /'|\b(true|false)\b/.test(sql);
const CATALOG = "select n.nspname as schema, c.relname as relation,";
const TRANSACTION = /^(savepoint|rollback to savepoint) (\$N|fraiseql_wire_declared)$/;
const FETCH = /^(fetch forward|move forward) (\d+|\$N) (from|in) fraiseql_wire_rows$/;
const DECLARE = /^declare fraiseql_wire_rows no scroll cursor for (?<query>select .*)$/;
// FRAISEQL_WIRE_COPY (src/stream/copyText.ts): the values as settings of the transaction, parallel
// query off, then the compiler's query as a binary COPY, held to the same checks as a cursor's.
const COPY_SETTINGS = /^select set_config\('max_parallel_workers_per_gather', '0', true\)(, set_config\('fraiseql_wire\.p\d+', \$N, true\))*$/;
const COPY_SETTINGS_NORMALIZED = /^select set_config\(\$N, \$N, \$N\)(, set_config\(\$N, \$N, \$N\))*$/;
const COPY = /^copy \((?<query>select .*)\) to stdout \(format binary\)$/;
// The only relations a cursor may read: an exposed view, or the compiler's own union of two selects.
const VIEW = /^"(fuzz|fuzz_b)"\."v_[a-z]+"/;

// Every word the compiler writes into a cursor's query (src/query/compile*.ts): a statement with
// any other word (union, pg_sleep, a second select, a table name) did not come from the compiler.
const VOCABULARY = new Set([
  "select", "from", "as", "union", "all", "ordered", "kid", "jsonb_extract_path_text",
  "where", "order", "by", "asc", "desc", "nulls", "last", "first", "limit", "offset", "and", "or", "not", "is", "true", "false", "null",
  "case", "when", "then", "else", "end", "like", "text", "jsonb", "bigint", "numeric", "jsonb_typeof", "jsonb_extract_path", "jsonb_exists",
  "starts_with", "data", "id", "n",
  // COPY's values read back from settings, cast to their type (the key's from an allowlist).
  "current_setting", "uuid", "integer", "smallint", "varchar",
]);

/** The statements that are not the server's own; empty when every one is. */
export function checkStatements(statements: readonly Statement[]): string[] {
  const problems: string[] = [];
  for (const { query, role } of statements) {
    const text = query.replace(/\$\d+/g, "$N").replace(/\s+/g, " ").trim();
    const fixed = FIXED.has(normalize(query)) || (!showsConstants(query) && FIXED_NORMALIZED.has(normalize(query)));
    if (fixed || TRANSACTION.test(text) || FETCH.test(text)) continue;
    if (text.startsWith(CATALOG) && !text.includes(";")) continue;
    if (COPY_SETTINGS.test(text) || (!showsConstants(query) && COPY_SETTINGS_NORMALIZED.test(text))) continue;
    const declare = DECLARE.exec(text) ?? COPY.exec(text);
    if (declare === null) {
      problems.push(`${role}: ${text.slice(0, 300)}`);
      continue;
    }
    // JSON path keys are string constants (quoteLiteral: '…', or E'…' with a backslash); whatever a
    // constant holds, it is data. What is left must be the compiler's own text.
    const cursor = declare.groups!["query"]!.replace(/\bE'(?:[^'\\]|''|\\.)*'/g, " $N ").replace(/'(?:[^']|'')*'/g, " $N ");
    const relations = [...cursor.matchAll(/\bfrom\s+(\S+)/g)].map((m) => m[1]!);
    const foreign = relations.filter((r) => !r.startsWith("((") && !VIEW.test(r));
    // Only placeholders, quoted identifiers, operators, parentheses and the compiler's words.
    const stripped = cursor.replace(/\$N/g, " ").replace(/"(fuzz|fuzz_b)"\."v_[a-z]+"/g, " ").replace(/"(data|id)"/g, " ");
    const words = stripped.match(/[A-Za-z_][A-Za-z0-9_]*|[^\sA-Za-z0-9_()=<>!@#:,.|~*+^-]/g) ?? [];
    const unknown = [...new Set(words.filter((w) => !VOCABULARY.has(w.toLowerCase()) && !/^k\d+$/.test(w)))];
    if (foreign.length > 0 || unknown.length > 0 || stripped.includes(";") || stripped.includes("--") || stripped.includes("/*")) {
      problems.push(`${role}: cursor reading ${foreign.join(", ") || "exposed views"} with words the compiler does not write (${unknown.join(", ")}): ${text.slice(0, 300)}`);
    }
  }
  return problems;
}
