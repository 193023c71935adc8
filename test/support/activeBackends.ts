import type postgres from "postgres";

/**
 * Server backends (by application_name, and by user when given) that are not idle: running a query
 * or inside a transaction, with how long they have been in that state (stateMs).
 */
export async function busyBackends(sql: postgres.Sql, application = "fraiseql-wire", user?: string): Promise<Array<{ state: string; query: string; stateMs: number }>> {
  return (await sql`
    select state, query, (extract(epoch from clock_timestamp() - state_change) * 1000)::float8 as "stateMs" from pg_stat_activity
     where application_name = ${application} and (${user ?? null}::text is null or usename = ${user ?? null}::text)
       and pid <> pg_backend_pid() and state is distinct from 'idle'`) as unknown as Array<{ state: string; query: string; stateMs: number }>;
}

/** Polls until `check` passes or `ms` elapse; returns the last value. Waiting is not a timed assertion. */
export async function eventually<T>(probe: () => Promise<T>, check: (value: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await probe();
  while (!check(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    value = await probe();
  }
  return value;
}
