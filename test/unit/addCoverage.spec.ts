import libCoverage from "istanbul-lib-coverage";
import { describe, expect, it } from "vitest";
import { addCoverage } from "../support/coverage/addCoverage.js";

// The coverage gate adds what the server and CLI processes ran (tsc's output through its source
// maps) to vitest's in-process coverage of the same files, whose ranges differ in their ends.
const range = (line: number, start: number, end: number | null) => ({ start: { line, column: start }, end: { line, column: end } });

function file(path: string, statements: Array<[number, number, number | null, number]>, branches: Array<[number, number, number[]]> = []) {
  return {
    path,
    statementMap: Object.fromEntries(statements.map(([line, start, end], i) => [String(i), range(line, start, end)])),
    s: Object.fromEntries(statements.map(([, , , hits], i) => [String(i), hits])),
    fnMap: Object.fromEntries(statements.slice(0, 1).map(([line, start, end], i) => [String(i), { name: "f", decl: range(line, start, end), loc: range(line, start, end), line }])),
    f: Object.fromEntries(statements.slice(0, 1).map(([, , , hits], i) => [String(i), hits])),
    branchMap: Object.fromEntries(branches.map(([line, start, hits], i) => [String(i), { type: "if", line, loc: range(line, start, null), locations: hits.map(() => range(line, start, null)) }])),
    b: Object.fromEntries(branches.map(([, , hits], i) => [String(i), hits])),
  };
}

describe("addCoverage", () => {
  it("adds a child's hits to the same statements, functions and branches, paired by line and order", () => {
    // vitest: ends unknown (null, as Infinity serialises); the child: precise ends, a start column
    // that differs around an erased type annotation on line 3.
    const target = libCoverage.createCoverageMap({ "/src/a.ts": file("/src/a.ts", [[1, 0, null, 1], [2, 2, null, 0], [3, 10, null, 0], [3, 30, null, 0]], [[2, 2, [0, 0]]]) as never });
    const source = libCoverage.createCoverageMap({ "/src/a.ts": file("/src/a.ts", [[1, 0, 40, 2], [2, 2, 20, 5], [3, 18, 25, 7], [3, 30, 44, 0]], [[2, 2, [5, 0]]]) as never });
    addCoverage(target, source);
    const data = target.fileCoverageFor("/src/a.ts").data;
    expect(data.s).toEqual({ "0": 3, "1": 5, "2": 7, "3": 0 });
    expect(data.f).toEqual({ "0": 3 });
    expect(data.b).toEqual({ "0": [5, 0] });
    // Still four statements: the child's were added, not appended as new ones.
    expect(Object.keys(data.statementMap)).toHaveLength(4);
    expect(target.getCoverageSummary().lines.pct).toBe(100);
  });

  it("pairs by exact start when a line holds a different number of statements, and drops the rest", () => {
    const target = libCoverage.createCoverageMap({ "/src/b.ts": file("/src/b.ts", [[5, 2, null, 0], [5, 9, null, 0]]) as never });
    const source = libCoverage.createCoverageMap({ "/src/b.ts": file("/src/b.ts", [[5, 9, 12, 4]]) as never });
    addCoverage(target, source);
    expect(target.fileCoverageFor("/src/b.ts").data.s).toEqual({ "0": 0, "1": 4 });
  });

  it("adds a file only the child ran as it is", () => {
    const target = libCoverage.createCoverageMap({});
    addCoverage(target, libCoverage.createCoverageMap({ "/src/c.ts": file("/src/c.ts", [[1, 0, 10, 1]]) as never }));
    expect(target.files()).toEqual(["/src/c.ts"]);
  });
});
