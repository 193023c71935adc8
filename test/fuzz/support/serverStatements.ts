import type postgres from "postgres";

export interface Statement {
  readonly role: string;
  readonly query: string;
  readonly calls: number;
}

/**
 * Every statement the server's roles ran since the last call, from pg_stat_statements (track=all,
 * utility statements included), then resets the counts. Throws when pg_stat_statements had to evict
 * entries: the window would be incomplete.
 */
export async function serverStatements(admin: postgres.Sql): Promise<Statement[]> {
  const rows = (await admin`
    select userid::regrole::text as role, query, calls::int as calls from pg_stat_statements
     where userid in ('wire_fuzz'::regrole, 'fuzz_reader'::regrole)`) as unknown as Statement[];
  const [info] = (await admin`select dealloc::int as dealloc from pg_stat_statements_info`) as unknown as [{ dealloc: number }];
  if (info.dealloc > 0) throw new Error(`pg_stat_statements evicted ${info.dealloc} entries: check more often or raise pg_stat_statements.max`);
  await admin`select pg_stat_statements_reset()`;
  return rows;
}
