import { loadavg } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { VIEW } from "./bench/contenders.js";
import { startBenchDatabase } from "./support/benchDatabase.js";
import { psqlCopySeconds } from "./support/psqlCopy.js";
import { repoRoot } from "./support/repoRoot.js";
import { runNodeScript } from "./support/runChild.js";
import { stageProjects } from "./support/stageProjects.js";
import { median } from "./support/stats.js";

/**
 * Issue 11 part 4, step 1: what reading the stream's 1M rows costs a Node process through a
 * cursor FETCH (the service's path) and through binary COPY (postgres.js `.readable()`, pg +
 * pg-copy-streams), beside psql \copy, in interleaved rounds; then whether postgres.js's COPY hangs
 * the next query on its connection after backpressure (porsager/postgres #499, #917).
 * The service orders a view with a key column by id (resume tokens); --unordered reads without.
 *   node dist/perf/copyLever.js --rounds 3 --rows 1000000 [--unordered] [--hang 200]
 */
const log = (line: string): void => void process.stderr.write(line + "\n");
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
// The service's statement for this entity (compileSelect, key column id): text for FETCH, every column ::text for COPY.
// With --unordered, `select data` alone (what psql \copy reads; a view without a key column compiles to it).
const UNORDERED = process.argv.includes("--unordered");
const FETCH_SELECT = UNORDERED ? `select "data" from test_staging.v_projects` : `select "data", "id" as kid from test_staging.v_projects order by "id" asc`;
const COPY_SELECT = UNORDERED ? `select "data"::text from test_staging.v_projects` : `select "data"::text, "id"::text as kid from test_staging.v_projects order by "id" asc`;
const KINDS = ["fetch", "pgjs-copy", "pg-copy"] as const;

interface Reading {
  rows: number;
  bytes: number;
  seconds: number;
  cpuSeconds: number;
}

async function main(): Promise<void> {
  const db = await startBenchDatabase();
  try {
    await stageProjects(db.url, arg("rows", 1_000_000), log);
    const rounds = arg("rounds", 3);
    if (rounds > 0) await throughput(db.url, rounds);
    const hang = arg("hang", 0);
    if (hang > 0) await hangLoop(db.url, hang);
  } finally {
    await db.stop();
  }
}

async function throughput(url: string, rounds: number): Promise<void> {
  const reader = join(repoRoot(), "dist", "perf", "copyReader.js");
  const read = async (kind: (typeof KINDS)[number]): Promise<Reading> =>
    (await runNodeScript<Reading>(reader, [kind, url, kind === "fetch" ? FETCH_SELECT : COPY_SELECT])).value;
  await psqlCopySeconds(url, VIEW);
  for (const k of KINDS) await read(k);
  const ratios: Record<string, number[]> = Object.fromEntries(KINDS.map((k) => [k, []]));
  for (let round = 0; round < rounds; round++) {
    const psql = await psqlCopySeconds(url, VIEW);
    const order = round % 2 === 0 ? [...KINDS] : [...KINDS].reverse();
    for (const k of order) {
      const r = await read(k);
      ratios[k]!.push(psql / r.seconds);
      log(JSON.stringify({ round, kind: k, rows: r.rows, seconds: r.seconds.toFixed(2), cpuS: r.cpuSeconds.toFixed(2), psqlSeconds: psql.toFixed(2), ratio: (psql / r.seconds).toFixed(3), load: loadavg()[0]!.toFixed(1) }));
    }
  }
  for (const k of KINDS) log(`median ratio to psql \\copy, ${k}: ${median(ratios[k]!).toFixed(3)} (${ratios[k]!.map((r) => r.toFixed(3)).join(", ")})`);
}

/**
 * The hang of porsager/postgres #499: a COPY whose reader pauses (random waits between chunks),
 * then a query on the same connection, which must answer within 5 s. Then the same with a reader
 * that stops early and cancels the COPY on the backend (what a cancelled stream would do).
 */
async function hangLoop(url: string, loops: number): Promise<void> {
  for (const stopEarly of [false, true]) {
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    let hangs = 0;
    let done = 0;
    try {
      for (let i = 0; i < loops; i++) {
        const n = 1000 + Math.floor(Math.random() * 20_000);
        const query = sql.unsafe(`copy (select "data"::text from test_staging.v_projects limit ${n}) to stdout (format binary)`);
        const readable = await query.readable();
        const stopAfter = stopEarly ? Math.floor(Math.random() * 200) : Infinity;
        let chunks = 0;
        try {
          for await (const _ of readable) {
            chunks += 1;
            if (chunks >= stopAfter) {
              query.cancel();
              break;
            }
            if (Math.random() < 0.02) await new Promise((r) => setTimeout(r, Math.random() * 30));
          }
        } catch (error) {
          if (!stopEarly) log(`loop ${i}: COPY failed: ${String(error)}`);
        }
        const answer = sql.unsafe("select $1::int as i", [i]).then(
          (r) => r[0]!["i"] as number,
          (e: unknown) => `error: ${String(e)}`,
        );
        const timeout = new Promise<"hang">((r) => setTimeout(() => r("hang"), 5000).unref());
        const got = await Promise.race([answer, timeout]);
        done += 1;
        if (got === "hang") {
          hangs += 1;
          log(`loop ${i}: the query after the COPY (${n} rows, ${chunks} chunks read${stopEarly ? ", stopped early + cancel" : ""}) did not answer within 5 s`);
          break;
        }
        if (typeof got === "string") log(`loop ${i}: the query after the COPY failed: ${got}`);
      }
    } finally {
      await Promise.race([sql.end({ timeout: 1 }), new Promise((r) => setTimeout(r, 3000))]);
    }
    log(`postgres.js COPY hang loop (${stopEarly ? "reader stops early, cancels" : "reader pauses at random, reads all"}): ${hangs} hang(s) in ${done} loops`);
  }
  for (const stopEarly of [false, true]) await workaroundLoop(url, loops, stopEarly);
}

/**
 * The same loops with the workaround: rows read from 'data' events, backpressure by pause() and
 * resume(), and the socket resumed through the readable's own read() once the COPY ended (postgres.js
 * pauses its socket when push() returns false and resumes it only from read(), which a Readable no
 * longer calls after its end: the socket stayed paused with ReadyForQuery unread). A reader that
 * stops early cancels the COPY and reads on, discarding, until it ended (error or end).
 */
async function workaroundLoop(url: string, loops: number, stopEarly: boolean): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  let hangs = 0;
  let done = 0;
  let pauses = 0;
  try {
    for (let i = 0; i < loops; i++) {
      const n = 1000 + Math.floor(Math.random() * 20_000);
      const query = sql.unsafe(`copy (select "data"::text from test_staging.v_projects limit ${n}) to stdout (format binary)`);
      const readable = await query.readable();
      const stopAfter = stopEarly ? Math.floor(Math.random() * 2000) : Infinity;
      let chunks = 0;
      await new Promise<void>((resolve) => {
        let stopped = false;
        readable.on("data", () => {
          chunks += 1;
          if (stopped) return;
          if (chunks >= stopAfter) {
            stopped = true;
            query.cancel();
            return;
          }
          if (Math.random() < 0.002) {
            pauses += 1;
            readable.pause();
            setTimeout(() => readable.resume(), Math.random() * 30);
          }
        });
        readable.once("error", () => resolve());
        readable.once("end", () => resolve());
      });
      (readable as unknown as { _read(n: number): void })._read(0);
      const answer = sql.unsafe("select $1::int as i", [i]).then(
        (r) => r[0]!["i"] as number,
        (e: unknown) => `error: ${String(e)}`,
      );
      const timeout = new Promise<"hang">((r) => setTimeout(() => r("hang"), 5000).unref());
      const got = await Promise.race([answer, timeout]);
      done += 1;
      if (got === "hang") {
        hangs += 1;
        log(`loop ${i}: the query after the COPY (${n} rows, ${chunks} chunks read${stopEarly ? ", stopped early + cancel" : ""}) did not answer within 5 s`);
        break;
      }
      if (typeof got === "string") log(`loop ${i}: the query after the COPY failed: ${got}`);
    }
  } finally {
    await Promise.race([sql.end({ timeout: 1 }), new Promise((r) => setTimeout(r, 3000))]);
  }
  log(`postgres.js COPY hang loop with the workaround (${stopEarly ? "reader stops early, cancels, drains" : "reader pauses at random, reads all"}): ${hangs} hang(s) in ${done} loops, ${pauses} pauses`);
}

main()
  .then(() => process.exit(0))
  .catch((e: unknown) => {
    log(String(e instanceof Error ? e.stack : e));
    process.exit(1);
  });
