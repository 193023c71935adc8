import type postgres from "postgres";

/** Server backends (by application_name) that are not idle: running a query or inside a transaction. */
export async function busyBackends(sql: postgres.Sql, application = "fraiseql-wire"): Promise<Array<{ state: string; query: string }>> {
  return (await sql`
    select state, query from pg_stat_activity
     where application_name = ${application} and pid <> pg_backend_pid() and state is distinct from 'idle'`) as unknown as Array<{ state: string; query: string }>;
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
