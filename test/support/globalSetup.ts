import type { TestProject } from "vitest/node";
import { loadSqlFiles } from "./loadSqlFiles.js";
import { startDatabase } from "./startDatabase.js";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/** One database for the whole run: embedded PostgreSQL 17 unless DATABASE_URL is set. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const database = await startDatabase();
  await loadSqlFiles(database.url, ["test/fixtures/schema.sql", "test/fixtures/seed_data.sql", "test/support/wire_test.sql", "test/support/security_test.sql"]);
  project.provide("databaseUrl", database.url);
  return () => database.stop();
}
