import pg from "pg";
import QueryStream from "pg-query-stream";
import postgres from "postgres";
import { readPeakRss, readRss, resetPeakRss } from "./support/procfs.js";

/**
 * What a user would write instead of the service, run in its own process so that its memory is its
 * own. Prints one JSON line: rows, chars, seconds, idle and peak RSS.
 *   node dist/perf/nodeReader.js <kind> <DATABASE_URL> <view> [limit] [batch]
 * kinds: postgres-cursor  postgres.js `.cursor(batch)`, rows as strings (data::text)
 *        pg-query-stream  pg + pg-query-stream, batchSize `batch`, rows as strings
 *        naive            `await sql\`select data …\`` (whole result in memory, parsed, postgres.js default)
 */
export type ReaderKind = "postgres-cursor" | "pg-query-stream" | "naive";

async function read(kind: ReaderKind, url: string, view: string, limit: number, batch: number): Promise<{ rows: number; chars: number }> {
  // `view` is our own constant (perf code), never user input; limit and batch are numbers.
  const limitSql = limit > 0 ? ` limit ${Math.floor(limit)}` : "";
  let rows = 0;
  let chars = 0;
  if (kind === "pg-query-stream") {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("select 1");
    startMeasuring();
    const stream = client.query(new QueryStream(`select data::text as data from ${view}${limitSql}`, [], { batchSize: batch }));
    for await (const row of stream as AsyncIterable<{ data: string }>) {
      rows += 1;
      chars += row.data.length;
    }
    await client.end();
    return { rows, chars };
  }
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  await sql`select 1`;
  startMeasuring();
  if (kind === "naive") {
    const result = await sql.unsafe(`select data from ${view}${limitSql}`);
    rows = result.length; // held until here: that is the point of the naive reader
  } else {
    for await (const chunk of sql.unsafe(`select data::text as data from ${view}${limitSql}`).cursor(batch)) {
      rows += chunk.length;
      for (const row of chunk) chars += (row["data"] as string).length;
    }
  }
  await sql.end();
  return { rows, chars };
}

let idleRss = 0;
let started = 0;
function startMeasuring(): void {
  idleRss = readRss(process.pid);
  resetPeakRss(process.pid);
  started = performance.now();
}

const [kind, url, view, limit, batch] = process.argv.slice(2);
read(kind as ReaderKind, url!, view!, Number(limit ?? 0), Number(batch ?? 1000))
  .then(({ rows, chars }) => {
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(JSON.stringify({ rows, chars, seconds, idleRss, peakRss: readPeakRss(process.pid) }) + "\n");
  })
  .catch((error: unknown) => {
    process.stderr.write(`nodeReader: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
