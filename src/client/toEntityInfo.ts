import { DataType, type Entity } from "../../generated/fraiseql/wire/v1/query_service.js";

/** One entity a server exposes, as listEntities() returns it. */
export interface EntityInfo {
  /** The name to pass to query(): bare, or schema-qualified when another schema shadows it. */
  readonly name: string;
  /** The schema holding the view. */
  readonly schema: string;
  /** The view, prefix included ("v_projects"). */
  readonly view: string;
  /** json keeps the stored text; jsonb sends its canonical form. */
  readonly dataType: "json" | "jsonb" | "unspecified";
  /** "id" when the view has a key column (stable pagination), undefined otherwise. */
  readonly keyColumn: string | undefined;
  /** "<schema>.<name>", accepted by query() whatever the search order. */
  readonly qualifiedName: string;
}

export function toEntityInfo(entity: Entity): EntityInfo {
  const dataType = entity.dataType === DataType.DATA_TYPE_JSON ? "json" : entity.dataType === DataType.DATA_TYPE_JSONB ? "jsonb" : "unspecified";
  return {
    name: entity.name,
    schema: entity.schema,
    view: entity.view,
    dataType,
    keyColumn: entity.keyColumn === "" ? undefined : entity.keyColumn,
    qualifiedName: entity.qualifiedName,
  };
}
