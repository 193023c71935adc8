import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { CopyTupleParser } from "../../src/stream/CopyTupleParser.js";
import type { RawRow } from "../../src/stream/RawRow.js";

/** PostgreSQL's binary COPY of `rows` (header with an extension area, tuples, trailer). */
function binaryCopy(rows: readonly (readonly (string | null)[])[], extension = 0): Buffer {
  const parts: Buffer[] = [Buffer.from("PGCOPY\n\xff\r\n\0", "latin1")];
  const header = Buffer.alloc(8 + extension);
  header.writeInt32BE(0, 0);
  header.writeInt32BE(extension, 4);
  parts.push(header);
  for (const row of rows) {
    const count = Buffer.alloc(2);
    count.writeInt16BE(row.length);
    parts.push(count);
    for (const field of row) {
      const length = Buffer.alloc(4);
      const bytes = field === null ? undefined : Buffer.from(field, "utf8");
      length.writeInt32BE(bytes === undefined ? -1 : bytes.length);
      parts.push(length);
      if (bytes !== undefined) parts.push(bytes);
    }
  }
  parts.push(Buffer.from([0xff, 0xff]));
  return Buffer.concat(parts);
}

const text = (row: RawRow): (string | null)[] => row.map((field) => (field === null ? null : field.toString("utf8")));

describe("CopyTupleParser", () => {
  test("gives every row, column by column, however the bytes are cut into chunks", () => {
    const field = fc.option(fc.string({ unit: "binary", maxLength: 40 }), { freq: 5 });
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 1, maxLength: 4 }), { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 20 }), fc.nat(8), (rows, cuts, extension) => {
        const bytes = binaryCopy(rows, extension);
        const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const got: (string | null)[][] = [];
        const parser = new CopyTupleParser((row) => got.push(text(row)));
        let from = 0;
        for (const cut of [...at, bytes.length]) {
          parser.push(bytes.subarray(from, cut));
          from = cut;
        }
        expect(got).toEqual(rows);
        expect(parser.done).toBe(true);
        expect(parser.heldBytes).toBe(0);
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  test("a 1 MB row arriving in 64 KiB chunks is whole once its last byte arrived, and held until then", () => {
    const big = "x".repeat(1_000_000);
    const bytes = binaryCopy([[big, "7"], ["after", null]]);
    const got: (string | null)[][] = [];
    const parser = new CopyTupleParser((row) => got.push(text(row)));
    for (let at = 0; at < bytes.length; at += 65536) {
      parser.push(bytes.subarray(at, at + 65536));
      if (at + 65536 < 1_000_000) expect(got).toEqual([]);
    }
    expect(got).toEqual([[big, "7"], ["after", null]]);
  });

  test("refuses what is not PostgreSQL's binary format", () => {
    expect(() => new CopyTupleParser(() => {}).push(Buffer.from("id\tdata\n1\t{}\n".repeat(3)))).toThrow(/binary format/);
  });
});
