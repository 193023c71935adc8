/**
 * The fraiseql-wire TypeScript SDK: a typed client for `fraiseql.wire.v1.QueryService` that
 * streams rows as you iterate, builds filters without string concatenation, resumes broken
 * streams by itself and turns every failure into one {@link WireClientError}. Guide: docs/sdk.md.
 *
 * @example
 * ```ts
 * import { WireClient, and, eq, ge } from "fraiseql-wire/client";
 *
 * interface Project { name: string; status: string; priority: number }
 *
 * const client = new WireClient(process.env["FRAISEQL_WIRE_ADDRESS"] ?? "127.0.0.1:50051");
 * try {
 *   const query = client
 *     .query<Project>("projects")
 *     .where(and(eq("status", "active"), ge("priority", 3)))
 *     .orderBy("priority desc, name")
 *     .limit(10);
 *   for await (const project of query) console.log(project.name, project.priority);
 * } finally {
 *   client.close();
 * }
 * ```
 *
 * @module fraiseql-wire/client
 */
export { WireClient } from "./WireClient.js";
export type { TlsOptions, WireClientOptions } from "./WireClientOptions.js";
export { Query } from "./Query.js";
export type { QuerySpec } from "./QuerySpec.js";
export type { QueryChunk, QueryStats } from "./QueryChunk.js";
export type { ResumeEvent, ResumeOptions, ResumePolicy } from "./resume/ResumeOptions.js";
export type { RowStep } from "./RowStep.js";
export type { EntityInfo } from "./toEntityInfo.js";
export { WireClientError, type FieldViolation, type HelpLink, type StreamProgress, type WireClientErrorFields } from "./WireClientError.js";
export { StatusCode, statusCodeName } from "./StatusCode.js";
export { Filter } from "./Filter.js";
export { and, contains, endsWith, eq, exists, ge, gt, has, le, lt, ne, not, or, startsWith, type OrderedValue } from "./filterBuilder.js";
export { asc, desc } from "./orderTerms.js";
export type { FieldPath } from "./formatPath.js";
export type { FilterValue } from "./formatValue.js";
export type { ParseSchema, RowSchema } from "./RowSchema.js";
export { checkHealth, type HealthCheckOptions, type ServingStatus } from "./checkHealth.js";
