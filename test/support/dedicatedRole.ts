import type postgres from "postgres";
import { databaseUrlFor } from "./databaseUrlFor.js";

/**
 * A login role of one test file's own, allowed to read `views` (schema-qualified), and the
 * DATABASE_URL that logs in as it. Test files run in parallel against one PostgreSQL and every
 * server's backends are called `fraiseql-wire`: a file that counts or terminates backends must pick
 * its own by `usename`, or it counts and kills the other files' streams too.
 */
export async function dedicatedRole(admin: postgres.Sql, baseUrl: string, name: string, views: readonly string[]): Promise<{ role: string; url: string }> {
  const role = `wire_test_${name}`;
  const password = `${name}-Pw-${role.length}x`;
  await admin.begin(async (tx) => {
    // The names travel as parameters into the block; format() quotes them as identifiers.
    await tx`select set_config('wire_test.role', ${role}, true), set_config('wire_test.password', ${password}, true), set_config('wire_test.views', ${views.join(",")}, true)`;
    await tx.unsafe(`do $$
      declare r text := current_setting('wire_test.role'); p text := current_setting('wire_test.password'); v text;
      begin
        if not exists (select from pg_roles where rolname = r) then execute format('create role %I', r); end if;
        execute format('alter role %I login password %L', r, p);
        execute format('grant usage on schema wire_test to %I', r);
        foreach v in array string_to_array(current_setting('wire_test.views'), ',') loop
          execute format('grant select on %I.%I to %I', split_part(v, '.', 1), split_part(v, '.', 2), r);
        end loop;
      end $$`);
  });
  return { role, url: databaseUrlFor(baseUrl, { user: role, password }) };
}
