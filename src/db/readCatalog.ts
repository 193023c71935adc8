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
 * Reads candidate relations from pg_catalog: those in `schemas` named `names` (or, when names is
 * undefined, starting with one of `prefixes`). Views, materialized views and tables qualify:
 * FraiseQL's tv_ entities are tables. Arrays travel as JSON text so that no input reaches SQL text.
 */
export async function readCatalog(
  sql: Sql,
  schemas: readonly string[],
  prefixes: readonly string[],
  names?: readonly string[],
): Promise<CatalogRelation[]> {
  const rows = await sql<{ schema: string; relation: string; columns: CatalogColumn[] }[]>`
    select n.nspname as schema, c.relname as relation,
           coalesce(json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod))
                    order by a.attnum) filter (where a.attnum is not null), '[]') as columns
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      left join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
     where n.nspname in (select jsonb_array_elements_text(${JSON.stringify(schemas)}::text::jsonb))
       and c.relkind in ('v', 'm', 'r', 'p', 'f')
       and case when ${names === undefined ? null : JSON.stringify(names)}::text::jsonb is null
                then exists (select 1 from jsonb_array_elements_text(${JSON.stringify(prefixes)}::text::jsonb) p(prefix)
                              where left(c.relname, length(p.prefix)) = p.prefix)
                else c.relname in (select jsonb_array_elements_text(${names === undefined ? null : JSON.stringify(names)}::text::jsonb))
           end
     group by n.nspname, c.relname`;
  return rows.map((r) => ({ schema: r.schema, relation: r.relation, columns: r.columns }));
}
