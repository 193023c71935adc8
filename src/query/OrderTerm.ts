import type { Path } from "./Path.js";

/** One term of an AIP-132 order_by such as `priority desc`. */
export interface OrderTerm {
  readonly path: Path;
  readonly direction: "asc" | "desc";
}
