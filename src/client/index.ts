// The fraiseql-wire TypeScript SDK: `import { WireClient, eq } from "fraiseql-wire/client"`.
export { WireClient } from "./WireClient.js";
export type { TlsOptions, WireClientOptions } from "./WireClientOptions.js";
export { Query } from "./Query.js";
export type { QuerySpec } from "./QuerySpec.js";
export type { QueryChunk, QueryStats } from "./QueryChunk.js";
export type { ResumeEvent, ResumeOptions } from "./resume/ResumeOptions.js";
export type { EntityInfo } from "./toEntityInfo.js";
export { WireClientError, type FieldViolation, type HelpLink, type StreamProgress, type WireClientErrorFields } from "./WireClientError.js";
export { StatusCode, statusCodeName } from "./StatusCode.js";
export { Filter } from "./Filter.js";
export { and, contains, endsWith, eq, exists, ge, gt, has, le, lt, ne, not, or, startsWith } from "./filterBuilder.js";
export { asc, desc } from "./orderTerms.js";
export type { FieldPath } from "./formatPath.js";
export type { FilterValue } from "./formatValue.js";
export type { ParseSchema, RowSchema } from "./RowSchema.js";
export { checkHealth, type HealthCheckOptions, type ServingStatus } from "./checkHealth.js";
