/** A view that passed the catalog check: safe to stream from. */
export interface EntityView {
  /** The name a client passes: bare for the first schema in search order, qualified otherwise. */
  readonly name: string;
  readonly qualifiedName: string;
  readonly schema: string;
  readonly view: string;
  readonly dataType: "json" | "jsonb";
  readonly keyColumn: "id" | undefined;
  /** The key column's type as the catalog names it (format_type), e.g. uuid or integer. */
  readonly keyType?: string | undefined;
}

/** The same view, of the same shape: what was compiled for one stands for the other. */
export function sameView(a: EntityView, b: EntityView): boolean {
  return a.schema === b.schema && a.view === b.view && a.dataType === b.dataType && a.keyColumn === b.keyColumn && a.keyType === b.keyType && a.name === b.name;
}
