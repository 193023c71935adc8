import { checkViewShape } from "./checkViewShape.js";
import type { EntityView } from "./EntityView.js";
import { entityNameOf } from "./entityNameOf.js";
import { readCatalog } from "./readCatalog.js";
import type { Sql } from "./Sql.js";

export interface CatalogScope {
  readonly schemas: readonly string[];
  readonly prefixes: readonly string[];
  /** The caller's entities (src/auth): the others are neither listed, found nor suggested. Default: all. */
  readonly readable?: (schema: string, name: string) => boolean;
}

/**
 * The streamable entities, in schema search order then by name. A view whose shape is wrong is
 * left out here (StreamQuery on it explains what is wrong); so is one shadowed by an earlier prefix.
 */
export async function listEntities(sql: Sql, scope: CatalogScope): Promise<EntityView[]> {
  const relations = await readCatalog(sql, scope.schemas, scope.prefixes);
  const seenBare = new Set<string>();
  const entities: EntityView[] = [];
  for (const schema of scope.schemas) {
    const inSchema = relations
      .filter((r) => r.schema === schema)
      .map((r) => ({ relation: r, name: entityNameOf(r.relation, scope.prefixes) }))
      .filter((r): r is typeof r & { name: string } => r.name !== undefined)
      .sort((a, b) => rank(a.relation.relation, scope.prefixes) - rank(b.relation.relation, scope.prefixes));
    const taken = new Set<string>();
    for (const { relation, name } of inSchema) {
      if (taken.has(name)) continue;
      taken.add(name);
      if (scope.readable !== undefined && !scope.readable(schema, name)) continue;
      const shape = checkViewShape(relation);
      if (!shape.ok) continue;
      const qualifiedName = `${schema}.${name}`;
      entities.push({
        name: seenBare.has(name) ? qualifiedName : name,
        qualifiedName,
        schema,
        view: relation.relation,
        dataType: shape.dataType,
        keyColumn: shape.keyColumn,
      });
      seenBare.add(name);
    }
  }
  return entities.sort((a, b) => scope.schemas.indexOf(a.schema) - scope.schemas.indexOf(b.schema) || cmp(a.name, b.name));
}

function rank(relation: string, prefixes: readonly string[]): number {
  const i = prefixes.findIndex((p) => relation.startsWith(p));
  return i < 0 ? prefixes.length : i;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
