import { describe, expect, test } from "vitest";
import { eq } from "../../src/client/filterBuilder.js";
import { Filter } from "../../src/client/Filter.js";
import { Query } from "../../src/client/Query.js";
import type { QueryChunk } from "../../src/client/QueryChunk.js";
import type { QuerySpec } from "../../src/client/QuerySpec.js";
import { toResumePolicy } from "../../src/client/resume/ResumeOptions.js";

const spec: QuerySpec = {
  entity: "e",
  filter: Filter.raw(""),
  orderBy: "",
  limit: 0,
  offset: 0,
  chunkRows: 0,
  chunkBytes: 0,
  signal: undefined,
  deadlineMs: undefined,
  steps: [],
  resume: toResumePolicy(true),
  resumeToken: undefined,
};

/** A Query over canned chunks: what the client-side steps do, without a server. */
function over(rows: unknown[][]): { query: Query; opened: QuerySpec[] } {
  const opened: QuerySpec[] = [];
  const open = (s: QuerySpec): AsyncIterable<QueryChunk> => {
    opened.push(s);
    return (async function* () {
      let index = 0;
      for (const chunk of rows) {
        yield { rows: chunk.map((r) => JSON.stringify(r)), firstRowIndex: index, stats: undefined, resumeToken: undefined };
        index += chunk.length;
      }
    })();
  };
  return { query: new Query(open, spec), opened };
}

describe("Query", () => {
  test("builder methods collect the request without sending anything", async () => {
    const { query, opened } = over([]);
    const built = query.where(eq("a", 1)).where('b = "x"').orderBy("a desc", " ", "b").limit(5).offset(10).chunkRows(100).chunkBytes(65536).deadline(2000);
    expect(opened).toHaveLength(0);
    expect(built.spec).toMatchObject({ orderBy: "a desc, b", limit: 5, offset: 10, chunkRows: 100, chunkBytes: 65536, deadlineMs: 2000 });
    expect(built.spec.filter.text).toBe('a = 1 AND (b = "x")');
    await built.toArray();
    expect(opened).toHaveLength(1);
  });

  test.each([
    ["limit", (q: Query) => q.limit(-1)],
    ["offset", (q: Query) => q.offset(1.5)],
    ["chunkRows", (q: Query) => q.chunkRows(2 ** 32)],
    ["chunkBytes", (q: Query) => q.chunkBytes(Number.NaN)],
  ])("%s refuses a value that is not a whole number in range", (name, call) => {
    expect(() => call(over([]).query)).toThrow(new RegExp(`^${name}\\(`));
  });

  test("filterRows and validate run in the order they were added, with indexes in the whole result", async () => {
    const { query } = over([[{ n: 1 }, { n: 2 }], [{ n: 3 }, { n: 4 }]]);
    const seen: number[] = [];
    const rows = await query
      .filterRows((r) => (r as { n: number }).n % 2 === 0)
      .validate((r: unknown, ..._: unknown[]) => {
        seen.push((r as { n: number }).n);
        return true;
      })
      .toArray();
    expect(rows).toEqual([{ n: 2 }, { n: 4 }]);
    expect(seen).toEqual([2, 4]);
    const failed = await query.validate((r) => (r as { n: number }).n < 3).toArray().catch((e: unknown) => e);
    expect(failed).toMatchObject({ reason: "ROW_VALIDATION_FAILED", rowIndex: 2 });
  });

  test("an abort stops at the next row, not at the end of the message", async () => {
    const controller = new AbortController();
    const { query } = over([[1, 2, 3, 4, 5]]);
    const got: unknown[] = [];
    const error = await (async () => {
      for await (const n of query.signal(controller.signal)) {
        got.push(n);
        if (n === 2) controller.abort();
      }
    })().catch((e: unknown) => e);
    expect(got).toEqual([1, 2]);
    expect(error).toMatchObject({ reason: "QUERY_CANCELLED", rowsReceived: 2 });
  });
});
