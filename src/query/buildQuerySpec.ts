import { WireError } from "../errors/WireError.js";
import { parseFilter } from "./parseFilter.js";
import { parseOrderBy } from "./parseOrderBy.js";
import type { ChunkLimits, QueryRequest, QuerySpec } from "./QuerySpec.js";

// schema (63) + "." + prefixed view name (63): anything longer cannot name a PostgreSQL relation.
const MAX_ENTITY_LENGTH = 127;

/** Validates a request and parses its filter and order_by; throws a WireError naming the bad field. */
export function buildQuerySpec(request: QueryRequest, limits: ChunkLimits): QuerySpec {
  const entity = request.entity;
  if (entity.trim() === "") {
    throw invalid("entity", `entity is required: name the entity to stream, e.g. "projects" or "test_staging.projects". ListEntities lists them.`);
  }
  if (entity.length > MAX_ENTITY_LENGTH) {
    throw invalid("entity", `entity is ${entity.length} characters long; entity names are at most ${MAX_ENTITY_LENGTH} characters ("schema.name").`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(entity) || entity.split(".").length > 2 || entity.split(".").some((p) => p === "")) {
    throw invalid("entity", `entity ${JSON.stringify(entity.slice(0, 40))} is not a valid name: use "name" or "schema.name" without control characters.`);
  }
  return {
    entity,
    filter: request.filter.trim() === "" ? undefined : parseFilter(request.filter),
    orderBy: parseOrderBy(request.orderBy),
    limit: request.limit === 0 ? undefined : request.limit,
    offset: request.offset,
    chunkRows: request.chunkRows === 0 ? limits.chunkRows : Math.min(request.chunkRows, limits.maxChunkRows),
    chunkBytes: request.chunkBytes === 0 ? limits.chunkBytes : Math.min(request.chunkBytes, limits.maxChunkBytes),
    resumeToken: request.resumeToken === undefined || request.resumeToken.length === 0 ? undefined : request.resumeToken,
  };
}

function invalid(field: string, description: string): WireError {
  return new WireError("INVALID_ARGUMENT", `invalid ${field}: ${description}`, {
    metadata: { field },
    fieldViolations: [{ field, description }],
  });
}
