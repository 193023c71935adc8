import type { Sql } from "./Sql.js";

export interface CatalogColumn {
  readonly name: string;
  readonly type: string;
}

export interface CatalogRelation {
  readonly schema: string;
  readonly relation: string;
  readonly columns: readonly CatalogColumn[];
}

/**
 * Reads every candidate entity from pg_catalog: relations in `schemas` whose name starts with one of
 * `prefixes`. Views, materialized views and tables qualify: FraiseQL's tv_ entities are tables.
 * Arrays travel as JSON text so that no input reaches SQL text.
 */
export async function readCatalog(sql: Sql, schemas: readonly string[], prefixes: readonly string[]): Promise<CatalogRelation[]> {
  return sql<CatalogRelation[]>`
    select n.nspname as schema, c.relname as relation,
           coalesce(json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod))
                    order by a.attnum) filter (where a.attnum is not null), '[]') as columns
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      left join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
     where n.nspname in (select jsonb_array_elements_text(${JSON.stringify(schemas)}::text::jsonb))
       and c.relkind in ('v', 'm', 'r', 'p', 'f')
       and exists (select 1 from jsonb_array_elements_text(${JSON.stringify(prefixes)}::text::jsonb) p(prefix)
                    where left(c.relname, length(p.prefix)) = p.prefix)
     group by n.nspname, c.relname`;
}
