import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import postgres from "postgres";
import { ConfigError } from "../config/ConfigError.js";
import { parseConfig } from "../config/parseConfig.js";
import { createLogger } from "../log/createLogger.js";
import { findProtoDir } from "../server/findProtoDir.js";
import { startWireServer } from "../server/startWireServer.js";
import { startTelemetry } from "../telemetry/startTelemetry.js";
import { telemetrySignals } from "../telemetry/telemetrySignals.js";
import { demoDataDir } from "./demoDataDir.js";
import { startEmbeddedDatabase } from "./startEmbeddedDatabase.js";

const DEMO_PORT = Number(process.env["FRAISEQL_WIRE_DEMO_PG_PORT"] ?? 54329);
const DEMO_ROWS = Number(process.env["FRAISEQL_WIRE_DEMO_ROWS"] ?? 5000);

/**
 * `make run` without DATABASE_URL: embedded PostgreSQL 17 in .data/ (or the temp folder, see
 * demoDataDir), the staging fixtures and a few thousand generated rows, then the server, then grpcurl
 * commands to paste.
 */
async function runDemo(): Promise<void> {
  const root = join(findProtoDir(), "..");
  const dataDir = await demoDataDir(root);
  const db = await startEmbeddedDatabase(dataDir, DEMO_PORT);
  await loadFixtures(root, db.url);

  const env = { FRAISEQL_WIRE_SCHEMAS: "test_staging,public", ...process.env, DATABASE_URL: db.url };
  let config;
  let signals;
  try {
    config = parseConfig(env);
    signals = telemetrySignals(env, config.metricsListen);
    if (signals.problems.length > 0) throw new ConfigError(signals.problems);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`fraiseql-wire: ${error.message}\n`);
      await db.stop();
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  const telemetry = await startTelemetry(signals, env, log, config.databaseUrl);
  const server = await startWireServer(config, log, telemetry);
  process.stderr.write(banner(server.address, db.url, where(root, dataDir)));

  const stop = async (): Promise<void> => {
    await server.shutdown();
    await telemetry.shutdown();
    await db.stop();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
}

async function loadFixtures(root: string, url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    for (const file of ["test/fixtures/schema.sql", "test/fixtures/seed_data.sql"]) {
      const path = join(root, file);
      if (existsSync(path)) await sql.file(path);
    }
  } finally {
    await sql.end();
  }
  const generator = join(root, "test", "generate_test_data.sh");
  if (!existsSync(generator)) return;
  try {
    execFileSync(generator, [String(DEMO_ROWS), "projects"], { env: { ...process.env, DATABASE_URL: url }, stdio: ["ignore", "ignore", "inherit"] });
  } catch {
    // The generator needs psql; without it the demo still serves the fixed seed rows.
    process.stderr.write(`fraiseql-wire demo: could not generate ${DEMO_ROWS} demo rows (is psql installed?); serving the seed rows only\n`);
  }
}

/** The data folder as the banner names it: relative inside the clone, with the reason outside it. */
function where(root: string, dataDir: string): string {
  const inClone = relative(root, dataDir);
  return inClone.startsWith("..") ? `${dataDir}: outside the clone, which PostgreSQL's unprivileged user cannot enter` : inClone;
}

function banner(address: string, url: string, dataDir: string): string {
  const safeUrl = url.replace(/:[^:@/]+@/, ":***@");
  return `
fraiseql-wire demo is serving on ${address} (embedded PostgreSQL 17: ${safeUrl}, data in ${dataDir})

Try it (grpcurl uses server reflection, no proto files needed):
  grpcurl -plaintext ${address} list
  grpcurl -plaintext ${address} describe fraiseql.wire.v1.QueryService
  grpcurl -plaintext -d '{}' ${address} fraiseql.wire.v1.QueryService/ListEntities
  grpcurl -plaintext -d '{"entity": "projects", "limit": 3}' ${address} fraiseql.wire.v1.QueryService/StreamQuery
  grpcurl -plaintext -d '{"entity": "projects", "filter": "status = \\"active\\" AND priority >= 4", "order_by": "priority desc, name", "limit": 5}' ${address} fraiseql.wire.v1.QueryService/StreamQuery
  grpcurl -plaintext -d '{"service": "fraiseql.wire.v1.QueryService"}' ${address} grpc.health.v1.Health/Check

Stop with Ctrl-C.
`;
}

runDemo().catch((error: unknown) => {
  process.stderr.write(`fraiseql-wire demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
