import { Readable } from "node:stream";
import type { Sql } from "../db/Sql.js";
import type { CompiledSql } from "../query/CompiledSql.js";
import type { PackedBatch, PackerFor } from "./BatchPacker.js";
import { connectionClosed } from "./connectionClosed.js";
import { copyStatementText, setSettingsText } from "./copyText.js";
import { CopyTupleParser } from "./CopyTupleParser.js";
import { nextFetchRows, type FetchPlan } from "./FetchPlan.js";
import type { RunningStatement, StatementGuard } from "./StatementGuard.js";
import type { TransactionClock } from "./TransactionClock.js";

/** The parts of a postgres.js query StatementGuard uses to cancel it (see StatementGuard). */
interface QueryParts {
  canceller?: unknown;
  state?: unknown;
  active?: boolean;
}

/**
 * The rows of `compiled` (compiled for COPY: values as settings, columns as text) read with one
 * binary `COPY … TO STDOUT`, packed into the same PackedBatch as fetchBatches: the same sizes (a
 * small first batch, then FRAISEQL_WIRE_FETCH_BYTES), the same packers, so positions, resume tokens
 * and first_row_index are the same (issue 11 part 4).
 *
 * Backpressure: with one batch waiting for the consumer, the readable is paused; postgres.js then
 * stops reading its socket and PostgreSQL blocks in COPY. postgres.js 3.4.x resumes its socket
 * only from the readable's read(), which a Readable no longer calls once it has ended, so a COPY
 * whose end arrived while paused left the socket paused and the next statement unanswered
 * (porsager/postgres #499, #917; reproduced by perf/copyLever.ts): read() is called once more after
 * the end. A COPY stopped early (abort, a row too large, a hop) is cancelled on the backend and read
 * on, discarding, until it ended; no other statement may be sent before (postgres.js refuses them).
 *
 * A row error ends the COPY: the rows before it are delivered, then the error. A COPY cannot pause
 * at a batch boundary, so with a `clock` (keyset streams) the transaction's age, its client's
 * idleness (TransactionClock) and `segmentMs` (under statement_timeout, which bounds the whole
 * COPY) end it by cancel: the batches delivered stand, the rest is read again in a new transaction
 * from the last row delivered (the caller sees clock.hopped).
 */
export async function* copyBatches(
  conn: Sql,
  compiled: CompiledSql,
  plan: FetchPlan,
  guard: StatementGuard,
  isClosed: () => boolean,
  packerFor: PackerFor,
  clock: TransactionClock | undefined,
  segmentMs: number,
): AsyncGenerator<PackedBatch> {
  if (isClosed()) throw connectionClosed();
  await guard.run(conn.unsafe(setSettingsText(compiled.params.length), [...compiled.params]).execute());
  const query = conn.unsafe(copyStatementText(compiled));
  let readable: Readable | undefined;
  let startedAt = 0;
  let rows = 0;
  let bytes = 0;
  let packer = packerFor(0);
  let target = plan.firstFetchRows;
  const ready: PackedBatch[] = [];
  let ended = false;
  let stopping = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const close = (): void => {
    const batch = packer.finish();
    if (batch.rows > 0 || batch.tooLarge !== undefined) ready.push(batch);
    rows += batch.rows;
    bytes += batch.bytes;
    packer = packerFor(rows);
    target = nextFetchRows(plan, rows, bytes);
  };
  const resumeSocket = (): void => {
    try {
      (readable as unknown as { _read(size: number): void } | undefined)?._read(0);
    } catch {
      // The connection is gone: nothing to resume.
    }
  };
  const parser = new CopyTupleParser((row) => {
    if (stopping) return;
    packer.add(row);
    if (packer.full) {
      // A row too large for a message: the rows before it go, then the error; no more are wanted.
      close();
      stopping = true;
      notify();
    } else if (packer.count >= target || packer.bytes >= plan.fetchBytes) {
      close();
      if (ready.length > 0) readable!.pause();
      notify();
    }
  });
  let markOver: () => void = () => {};
  const over = new Promise<void>((resolve) => (markOver = resolve));
  const finish = (error?: unknown): void => {
    if (ended) return;
    ended = true;
    if (error !== undefined && !stopping) failure ??= error;
    else if (error === undefined && !parser.done && !stopping) failure ??= new Error("COPY ended without its trailer");
    if (!stopping) close();
    resumeSocket();
    notify();
    markOver();
  };
  // The Readable is taken as postgres.js hands it over, not when the query's promise settles: a
  // COPY that fails on its first row destroys it in the same socket read, and its 'error' would
  // otherwise be emitted before anyone listens (an uncaught error, and a stream waiting forever).
  const parts = query as unknown as QueryParts & { resolve(value: unknown): void };
  const resolveQuery = parts.resolve;
  parts.resolve = (value: unknown) => {
    if (value instanceof Readable && readable === undefined) {
      readable = value;
      startedAt = performance.now();
      value.on("data", (chunk: Buffer) => {
        try {
          parser.push(chunk);
        } catch (error) {
          failure ??= error;
          stopping = true;
          notify();
        }
      });
      value.once("end", () => finish());
      value.once("error", (error) => finish(error));
      value.once("close", () => finish());
    }
    resolveQuery(value);
  };
  // readable() marks the query as COPY and runs it; the query itself resolves to the Readable.
  void query.readable().catch(() => {});
  // The COPY as a statement StatementGuard can stop: it ends when the readable does, and is
  // cancelled through the query's own canceller (forwarded, so that re-cancels work). postgres.js
  // marks the query inactive once it resolved to the Readable; the COPY runs on until it ended.
  const running: RunningStatement<void> & QueryParts = {
    then: (onDone, onFail) => over.then(onDone, onFail),
    cancel: () => query.cancel(),
    get canceller() {
      return parts.canceller;
    },
    get state() {
      return parts.state;
    },
    get active() {
      return !ended;
    },
  };
  const stopCopy = async (): Promise<void> => {
    stopping = true;
    if (readable === undefined || ended || isClosed()) return;
    readable.resume();
    await guard.stop(running);
  };
  try {
    await guard.run(query);
  } catch (error) {
    // Aborted while the COPY was starting: if it started meanwhile, it is stopped before ROLLBACK.
    await stopCopy();
    throw error;
  }
  if (readable === undefined) throw new Error("COPY did not start");
  const stream: Readable = readable;

  try {
    for (;;) {
      if (ready.length === 0 && !ended && !stopping) {
        if (stream.isPaused()) stream.resume();
        await guard.run(new Promise<void>((resolve) => (wake = resolve)));
        continue;
      }
      const batch = ready.shift();
      if (batch === undefined) {
        if (failure !== undefined) throw failure;
        return;
      }
      // Read ahead while this batch is sent.
      if (!ended && !stopping && stream.isPaused()) stream.resume();
      const hop = !ended && clock !== undefined && (clock.due() || (segmentMs > 0 && performance.now() - startedAt >= segmentMs));
      if (hop) {
        await stopCopy();
        await clock!.hopNow("age");
      }
      if (clock === undefined || hop) {
        yield batch;
      } else {
        // Waiting for the client: the clock may end the COPY and the transaction meanwhile.
        yield* clock.parked(batch, async () => {
          await stopCopy();
          return true;
        });
        if (clock.hopped) return;
      }
      if (hop || batch.tooLarge !== undefined) return;
    }
  } finally {
    if (!ended && !isClosed()) await stopCopy();
    resumeSocket();
  }
}
