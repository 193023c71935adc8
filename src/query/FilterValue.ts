/** A literal on the right of a filter comparison. */
export type FilterValue =
  | { readonly type: "string"; readonly value: string }
  /** The literal as written: valid JSON number syntax, kept as text so that 2^64 + 1 stays exact. */
  | { readonly type: "number"; readonly text: string }
  | { readonly type: "boolean"; readonly value: boolean }
  | { readonly type: "null" };
