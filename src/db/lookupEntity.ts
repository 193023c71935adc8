import { WireError } from "../errors/WireError.js";
import { checkViewShape } from "./checkViewShape.js";
import { closestName } from "./closestName.js";
import type { EntityView } from "./EntityView.js";
import { listEntities, type CatalogScope } from "./listEntities.js";
import { readRelations } from "./readRelations.js";
import type { Sql } from "./Sql.js";

/**
 * Resolves a client's entity name ("projects" or "schema.projects") to a view checked against the
 * catalog. The name is only ever a query parameter; what reaches SQL text later is the catalog's
 * own schema and relation names. `beforeMore` runs before any further statement on `sql` (listing the
 * entities for a suggestion): statements pipelined behind the lookup may have aborted the transaction.
 */
export async function lookupEntity(sql: Sql, scope: CatalogScope, entity: string, beforeMore?: () => Promise<void>): Promise<EntityView> {
  const dot = entity.indexOf(".");
  const schemaGiven = dot >= 0 ? entity.slice(0, dot) : undefined;
  const bare = dot >= 0 ? entity.slice(dot + 1) : entity;
  // Only where the caller may read it: a bare name resolves to the first such schema that has it.
  const schemas = (schemaGiven === undefined ? scope.schemas : scope.schemas.filter((s) => s === schemaGiven)).filter((s) => scope.readable?.(s, bare) ?? true);
  const candidates = scope.prefixes.map((p) => p + bare);

  const relations = schemas.length === 0 ? [] : await readRelations(sql, schemas, candidates);
  for (const schema of schemas) {
    for (const candidate of candidates) {
      const relation = relations.find((r) => r.schema === schema && r.relation === candidate);
      if (relation === undefined) continue;
      const shape = checkViewShape(relation);
      if (!shape.ok) {
        throw new WireError(
          "INVALID_RESULT_SCHEMA",
          `view ${schema}.${relation.relation} cannot be streamed: ${shape.problem}. ` +
            `An entity view must yield exactly one column "data" of type json or jsonb, plus optionally a key column "id": ` +
            `CREATE OR REPLACE VIEW ${schema}.${relation.relation} AS SELECT id, <json expression> AS data FROM ...`,
          {
            metadata: { entity, schema, view: relation.relation, problem: shape.problem },
            resource: { type: "view", name: `${schema}.${relation.relation}`, description: shape.problem },
          },
        );
      }
      const qualifiedName = `${schema}.${bare}`;
      return {
        name: schemaGiven === undefined ? bare : qualifiedName,
        qualifiedName,
        schema,
        view: relation.relation,
        dataType: shape.dataType,
        keyColumn: shape.keyColumn,
        keyType: shape.keyType,
      };
    }
  }
  await beforeMore?.();
  throw await notFound(sql, scope, entity, schemaGiven, candidates, schemas);
}

async function notFound(
  sql: Sql,
  scope: CatalogScope,
  entity: string,
  schemaGiven: string | undefined,
  candidates: readonly string[],
  searched: readonly string[],
): Promise<WireError> {
  const known = await listEntities(sql, scope);
  const suggestion = closestName(entity, known.flatMap((e) => (e.name === e.qualifiedName ? [e.name] : [e.name, e.qualifiedName])));
  const where =
    schemaGiven !== undefined && !scope.schemas.includes(schemaGiven)
      ? `schema ${JSON.stringify(schemaGiven)} is not exposed by this server (exposed: [${scope.schemas.join(", ")}]; see FRAISEQL_WIRE_SCHEMAS)`
      : `no view ${candidates.join(" or ")} in schema${searched.length > 1 ? "s" : ""} [${searched.join(", ")}]`;
  const hint = suggestion === undefined ? "" : ` Did you mean ${JSON.stringify(suggestion)}?`;
  return new WireError(
    "ENTITY_NOT_FOUND",
    `entity ${JSON.stringify(entity)} not found: ${where}.${hint} ListEntities lists what this server exposes.`,
    {
      metadata: {
        entity,
        schemas: scope.schemas.join(","),
        ...(suggestion === undefined ? {} : { suggestion }),
      },
      resource: { type: "entity", name: entity, description: "no such entity view in the exposed schemas" },
    },
  );
}
