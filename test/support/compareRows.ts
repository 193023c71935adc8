import { createHash } from "node:crypto";
import postgres from "postgres";

/** How a stream's rows compare with a direct SQL read of the same query. */
export interface RowComparison {
  readonly received: number;
  readonly expected: number;
  /** Rows received more often than the direct read has them. */
  readonly duplicates: number;
  /** Rows of the direct read never received. */
  readonly missing: number;
  /** The first position where the two differ; -1 when identical. */
  readonly firstMismatch: number;
  /** SHA-256 over every row in order (each row followed by a newline). */
  readonly receivedChecksum: string;
  readonly expectedChecksum: string;
}

/** Every row's JSON text of a SELECT of `data`, in the statement's order, read straight from PostgreSQL. */
export async function readDirect(url: string, statement: string): Promise<string[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql.unsafe<Array<{ data: string }>>(statement);
    return rows.map((row) => row.data);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** Count, order, duplicates, missing rows and a checksum of every row, of received against expected. */
export function compareRows(received: readonly string[], expected: readonly string[]): RowComparison {
  const wanted = new Map<string, number>();
  for (const row of expected) wanted.set(row, (wanted.get(row) ?? 0) + 1);
  let duplicates = 0;
  const seen = new Map<string, number>();
  for (const row of received) {
    const n = (seen.get(row) ?? 0) + 1;
    seen.set(row, n);
    if (n > (wanted.get(row) ?? 0)) duplicates += 1;
  }
  let missing = 0;
  for (const [row, n] of wanted) missing += Math.max(0, n - (seen.get(row) ?? 0));
  let firstMismatch = -1;
  for (let i = 0; i < Math.max(received.length, expected.length); i++) {
    if (received[i] !== expected[i]) {
      firstMismatch = i;
      break;
    }
  }
  return { received: received.length, expected: expected.length, duplicates, missing, firstMismatch, receivedChecksum: checksum(received), expectedChecksum: checksum(expected) };
}

function checksum(rows: readonly string[]): string {
  const hash = createHash("sha256");
  for (const row of rows) hash.update(row).update("\n");
  return hash.digest("hex");
}
