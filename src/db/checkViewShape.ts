import type { CatalogRelation } from "./readCatalog.js";

export type ViewShape =
  | { readonly ok: true; readonly dataType: "json" | "jsonb"; readonly keyColumn: "id" | undefined; readonly keyType: string | undefined }
  | { readonly ok: false; readonly problem: string };

/** A streamable view yields exactly one column `data` of type json or jsonb, plus optionally `id`. */
export function checkViewShape(relation: CatalogRelation): ViewShape {
  const data = relation.columns.find((c) => c.name === "data");
  const others = relation.columns.filter((c) => c.name !== "data" && c.name !== "id");
  const listed = relation.columns.map((c) => `${c.name} ${c.type}`).join(", ");
  if (data === undefined) {
    return { ok: false, problem: `it has no column named "data" (its columns: ${listed || "none"})` };
  }
  if (data.type !== "json" && data.type !== "jsonb") {
    return { ok: false, problem: `its "data" column has type ${data.type}, not json or jsonb` };
  }
  if (others.length > 0) {
    return {
      ok: false,
      problem: `it has extra column${others.length > 1 ? "s" : ""} ${others.map((c) => `"${c.name}"`).join(", ")} (its columns: ${listed})`,
    };
  }
  const id = relation.columns.find((c) => c.name === "id");
  return { ok: true, dataType: data.type, keyColumn: id === undefined ? undefined : "id", keyType: id?.type };
}
