import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import postgres from "postgres";
import type { Readable } from "node:stream";
import { CopyTupleParser } from "../src/stream/CopyTupleParser.js";
import type { RawRow } from "../src/stream/RawRow.js";

/**
 * One reader of the stream's statement in its own process (issue 11 part 4, step 1), keeping
 * what the service keeps of each row (`data` as a Buffer slice, grouped 1000 to a message) and
 * nothing else. Prints one JSON line: rows, bytes, seconds, cpuSeconds.
 *   node dist/perf/copyReader.js <kind> <DATABASE_URL> <select text>
 * kinds: fetch       postgres.js DECLARE + `fetch forward 6000` `.raw()`, the next FETCH sent as a batch arrives (the service's path)
 *        pgjs-copy   postgres.js `sql.unsafe('copy (…) to stdout (format binary)').readable()`
 *        pg-copy     pg + pg-copy-streams, same COPY
 */
type Kind = "fetch" | "pgjs-copy" | "pg-copy";

let rows = 0;
let bytes = 0;
let message: Buffer[] = [];
const keep = (row: RawRow): void => {
  const data = row[0]!;
  rows += 1;
  bytes += data.length;
  message.push(data);
  if (message.length === 1000) message = [];
};

async function drain(readable: Readable): Promise<void> {
  const parser = new CopyTupleParser(keep);
  for await (const chunk of readable) parser.push(chunk as Buffer);
  if (!parser.done) throw new Error("COPY ended without its trailer");
}

async function read(kind: Kind, url: string, select: string): Promise<void> {
  const copy = `copy (${select}) to stdout (format binary)`;
  if (kind === "pg-copy") {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query("select 1");
    start();
    await drain(client.query(copyTo(copy)));
    stop();
    await client.end();
    return;
  }
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  await sql`select 1`;
  if (kind === "pgjs-copy") {
    start();
    await drain(await sql.unsafe(copy).readable());
    stop();
  } else {
    await sql.begin(async (tx) => {
      start();
      await tx.unsafe(`declare c no scroll cursor for ${select}`);
      const fetch = () => tx.unsafe("fetch forward 6000 from c").simple().raw().forEach((row) => keep(row as unknown as RawRow));
      let pending = fetch();
      for (;;) {
        const result = await pending;
        if (result.count < 6000) break;
        pending = fetch();
      }
      stop();
    });
  }
  await sql.end();
}

let t0 = 0;
let cpu0: NodeJS.CpuUsage = { user: 0, system: 0 };
let seconds = 0;
let cpuSeconds = 0;
function start(): void {
  t0 = performance.now();
  cpu0 = process.cpuUsage();
}
function stop(): void {
  seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  cpuSeconds = (cpu.user + cpu.system) / 1e6;
}

const [kind, url, select] = process.argv.slice(2);
read(kind as Kind, url!, select!)
  .then(() => process.stdout.write(JSON.stringify({ rows, bytes, seconds, cpuSeconds }) + "\n"))
  .catch((error: unknown) => {
    process.stderr.write(`copyReader: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
