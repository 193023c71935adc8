import { describe, expect, test } from "vitest";
import { Filter } from "../../src/client/Filter.js";
import type { QueryChunk } from "../../src/client/QueryChunk.js";
import type { QueryProgress } from "../../src/client/QueryProgress.js";
import type { QuerySpec } from "../../src/client/QuerySpec.js";
import { toResumePolicy, type ResumeOptions } from "../../src/client/resume/ResumeOptions.js";
import { resumeChunks, type StreamCall } from "../../src/client/resume/resumeChunks.js";
import { StatusCode } from "../../src/client/StatusCode.js";
import { WireClientError } from "../../src/client/WireClientError.js";

// The decisions of auto-resume over canned calls: when it tries again, from where, and when it gives
// up. What it does against real servers is in test/integration/resume*.spec.ts.
const spec = (resume: ResumeOptions | boolean, change: Partial<QuerySpec> = {}): QuerySpec => ({
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
  resume: toResumePolicy(resume),
  resumeToken: undefined,
  ...change,
});

/** A retriable failure; `requestId` null for one no server sent (the transport's own). */
const unavailable = (requestId: string | null = "r1"): WireClientError =>
  new WireClientError("gone", {
    code: StatusCode.UNAVAILABLE,
    reason: "DATABASE_UNAVAILABLE",
    category: "connection",
    retriable: true,
    retryDelayMs: undefined,
    helpLinks: [],
    rowsReceived: 0,
    nextOffset: undefined,
    requestId: requestId ?? undefined,
    metadata: {},
    fieldViolations: [],
  });

/** Rows first… of a message, with the token "t<next row>" (null: no token). */
const chunk = (first: number, n: number, token: string | null = `t${first + n}`): QueryChunk => ({
  rows: Array.from({ length: n }, (_, i) => String(first + i)),
  firstRowIndex: first,
  stats: undefined,
  resumeToken: token === null ? undefined : Buffer.from(token),
});

/** A call that yields `chunks`, then fails with `error` (or ends with stats when there is none). */
function call(chunks: QueryChunk[], error?: Error): StreamCall {
  return {
    address: "a",
    chunks: (async function* () {
      yield* chunks;
      if (error !== undefined) throw error;
      const total = chunks.reduce((n, c) => Math.max(n, c.firstRowIndex + c.rows.length), 0);
      yield { rows: [], firstRowIndex: total, stats: { rows: 0, bytes: 0, timeToFirstRowMicros: 0, durationMicros: 0, messages: 1 }, resumeToken: undefined };
    })(),
  };
}

/** Runs resumeChunks over a script of calls; reports the rows, the tokens each call was asked with, and the error. */
async function run(s: QuerySpec, script: Array<(token: string | undefined) => StreamCall>, deadline?: number) {
  const progress: QueryProgress = { attempts: 0, address: undefined };
  const tokens: (string | undefined)[] = [];
  const rows: string[] = [];
  let error: WireClientError | undefined;
  try {
    const chunks = resumeChunks(
      s,
      progress,
      (token) => {
        const asked = token === undefined ? undefined : Buffer.from(token).toString();
        tokens.push(asked);
        const next = script[tokens.length - 1];
        if (next === undefined) throw new Error("more calls than scripted");
        return next(asked);
      },
      deadline,
    );
    for await (const c of chunks) rows.push(...c.rows);
  } catch (e) {
    error = e as WireClientError;
  }
  return { rows, tokens, error, attempts: progress.attempts };
}

describe("resumeChunks", () => {
  test("resumes from the token of the last chunk taken, and the final error says how far the consumer got", async () => {
    const out = await run(spec({ maxAttempts: 2 }, { offset: 10 }), [
      () => call([chunk(0, 2), chunk(2, 3)], unavailable()),
      () => call([chunk(5, 1)], unavailable()),
      () => call([], unavailable()),
    ]);
    expect(out.rows).toEqual(["0", "1", "2", "3", "4", "5"]);
    expect(out.tokens).toEqual([undefined, "t5", "t6"]);
    // The second call delivered a row, so the count started again: 2 calls in a row without rows.
    expect(out.attempts).toBe(3);
    expect(out.error).toMatchObject({ reason: "DATABASE_UNAVAILABLE", rowsReceived: 6, nextOffset: 16, attempts: 3 });
    expect(Buffer.from(out.error!.resumeToken!).toString()).toBe("t6");
  });

  test("a server never reached (no request id, no message) is given up after 3 calls whatever maxAttempts says", async () => {
    const out = await run(spec({ maxAttempts: 10 }), Array.from({ length: 10 }, () => () => call([], unavailable(null))));
    expect(out.attempts).toBe(3);
    expect(out.error).toMatchObject({ attempts: 3, rowsReceived: 0, nextOffset: 0, resumeToken: undefined });
  });

  test("gives up when the next wait would pass maxElapsedMs or the deadline", async () => {
    expect((await run(spec({ maxElapsedMs: 0 }), [() => call([chunk(0, 1)], unavailable())])).attempts).toBe(1);
    expect((await run(spec(true), [() => call([chunk(0, 1)], unavailable())], Date.now() + 20)).attempts).toBe(1);
  });

  test("rows that came without a token end resuming: the failure is the caller's", async () => {
    const out = await run(spec(true), [() => call([chunk(0, 2, null)], unavailable())]);
    expect(out).toMatchObject({ attempts: 1, rows: ["0", "1"], error: { rowsReceived: 2, resumeToken: undefined } });
  });

  test("a query started from a token does not know its row index until the first chunk", async () => {
    const out = await run(spec(false, { resumeToken: Buffer.from("t40") }), [() => call([], unavailable())]);
    expect(out.tokens).toEqual(["t40"]);
    expect(out.error).toMatchObject({ nextOffset: undefined, rowsReceived: 0 });
    expect(Buffer.from(out.error!.resumeToken!).toString()).toBe("t40");
    const on = await run(spec(true, { resumeToken: Buffer.from("t40") }), [() => call([chunk(40, 2)], unavailable()), () => call([chunk(42, 1)])]);
    expect(on).toMatchObject({ rows: ["40", "41", "42"], tokens: ["t40", "t42"], attempts: 2, error: undefined });
  });
});
