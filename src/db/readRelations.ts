import type { CatalogRelation } from "./readCatalog.js";
import type { Sql } from "./Sql.js";

/**
 * Reads the relations named `names` in `schemas`, with their columns: the lookup on every stream's
 * path to its first row. Joining the name lists straight onto pg_class's (relname, relnamespace)
 * index makes it ~0.2 ms where readCatalog's prefix scan takes ~1.2 ms (measured on loopback).
 * Names travel as JSON text parameters, so no input reaches SQL text. Sent at once (execute()), so
 * that statements issued after this call are pipelined behind it, in order.
 */
export async function readRelations(sql: Sql, schemas: readonly string[], names: readonly string[]): Promise<CatalogRelation[]> {
  return sql<CatalogRelation[]>`
    select n.nspname as schema, c.relname as relation,
           (select coalesce(json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod))
                                     order by a.attnum), '[]')
              from pg_catalog.pg_attribute a
             where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped) as columns
      from jsonb_array_elements_text(${JSON.stringify(schemas)}::text::jsonb) s(name)
      join pg_catalog.pg_namespace n on n.nspname = s.name
     cross join jsonb_array_elements_text(${JSON.stringify(names)}::text::jsonb) r(name)
      join pg_catalog.pg_class c on c.relnamespace = n.oid and c.relname = r.name
     where c.relkind in ('v', 'm', 'r', 'p', 'f')`.execute();
}
