import fc from "fast-check";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { inject } from "vitest";
import { quoteLiteral } from "../../src/query/quoteLiteral.js";

// quoteLiteral is the one place request characters (JSON path keys) enter SQL text. PostgreSQL
// itself must read each constant back as exactly the key, whatever standard_conforming_strings is.
let sql: postgres.Sql;

beforeAll(() => {
  sql = postgres(inject("databaseUrl"), { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await sql.end();
});

const AWKWARD = ["", "'", "''", "\\", "\\'", "'\\", "a\\'; select 1; --", "E'x'", "$1", "$$", "\"", "😀", "\u0001", "\n", "\\\\'"];
const keys = fc.oneof(
  fc.constantFrom(...AWKWARD),
  fc.string({ unit: fc.constantFrom("'", "\\", "a", "$", "\"", ";", " ", "-", "\n", "é", "😀"), maxLength: 12 }),
  fc.string({ unit: "grapheme", maxLength: 8 }),
).filter((key) => !key.includes("\u0000"));

describe("quoteLiteral: PostgreSQL reads every constant back as the key", () => {
  test.each(["on", "off"])("with standard_conforming_strings = %s", async (setting) => {
    await sql.begin(async (tx) => {
      await tx.unsafe(`set local standard_conforming_strings = ${setting}`);
      await tx.unsafe("set local escape_string_warning = off");
      await fc.assert(
        fc.asyncProperty(fc.array(keys, { minLength: 1, maxLength: 8 }), async (batch) => {
          // Several constants in one statement: a constant that ends early would shift the others.
          const rows = await tx.unsafe<{ k: string }[]>(
            `select k from unnest(array[${batch.map(quoteLiteral).join(", ")}]::text[]) with ordinality as t(k, n) order by n`,
          );
          expect(rows.map((row) => row.k)).toEqual(batch);
        }),
        { seed: 7, numRuns: 300 },
      );
    });
  });

  test("refuses U+0000, which no PostgreSQL string can hold", () => {
    expect(() => quoteLiteral("a\u0000b")).toThrow(RangeError);
  });

  test("writes plain keys plainly, so docs/indexing.md's index expressions match", () => {
    expect(quoteLiteral("seq")).toBe("'seq'");
    expect(quoteLiteral("it's")).toBe("'it''s'");
    expect(quoteLiteral("a\\b")).toBe("E'a\\\\b'");
  });
});
