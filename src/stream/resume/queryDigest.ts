import { createHash } from "node:crypto";
import type { QuerySpec } from "../../query/QuerySpec.js";

/**
 * 16 bytes that identify a query for its resume tokens: the entity as requested and the parsed
 * filter, order_by, limit and offset. Parsed, so a filter spelled with other whitespace or quotes
 * is the same query; chunk sizes are not part of it (a resumed stream may ask for other chunks).
 */
export function queryDigest(spec: QuerySpec): Buffer {
  const canonical = JSON.stringify([spec.entity, spec.filter ?? null, spec.orderBy, spec.limit ?? null, spec.offset]);
  return createHash("sha256").update(canonical).digest().subarray(0, 16);
}
