import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package's proto/ folder, found by walking up: it sits at a different depth under src/ and dist/src/. */
export function findProtoDir(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, "proto");
    if (existsSync(join(candidate, "fraiseql", "wire", "v1", "query_service.proto"))) return candidate;
  }
  throw new Error("proto/fraiseql/wire/v1/query_service.proto not found above " + from);
}
