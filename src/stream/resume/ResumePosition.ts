import type { KeysetPosition } from "../../query/KeysetPosition.js";

/**
 * Where a resumed stream continues: after `delivered` rows of the original result (so limit and
 * first_row_index keep their original meaning), and for a keyset entity after that row's keys.
 */
export interface ResumePosition {
  readonly delivered: number;
  readonly keyset: KeysetPosition | undefined;
}
