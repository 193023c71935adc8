import { and, toFilter } from "./filterBuilder.js";
import type { Filter } from "./Filter.js";
import type { QueryChunk } from "./QueryChunk.js";
import type { QueryProgress } from "./QueryProgress.js";
import { checkCount, type OpenStream, type QuerySpec } from "./QuerySpec.js";
import { toResumePolicy, type ResumeOptions } from "./resume/ResumeOptions.js";
import type { ParseSchema } from "./RowSchema.js";
import { DROP, filterStep, validateStep } from "./RowStep.js";
import { cancelledError } from "./streamErrors.js";

const UINT32_MAX = 2 ** 32 - 1;

/**
 * An immutable query, made by {@link WireClient.query}: every builder method returns a new Query,
 * so a base query can be shared and refined. Nothing is sent until it is iterated; each iteration
 * is a new stream, resumed across calls when one breaks (docs/resume.md).
 *
 * Rows stream as you iterate: a slow loop slows the server down instead of filling memory.
 *
 * @typeParam T the type of each parsed row.
 *
 * @example
 * ```ts
 * import { WireClient, desc, eq } from "fraiseql-wire/client";
 *
 * interface Project { name: string; priority: number }
 *
 * const client = new WireClient("127.0.0.1:50051");
 * const active = client.query<Project>("projects").where(eq("status", "active"));
 * const top = active.orderBy(desc("priority"), "name").limit(10); // `active` is unchanged
 * for await (const project of top) console.log(project.name);
 * for await (const json of active.limit(3).raw()) console.log(json); // the JSON text, unparsed
 * for await (const chunk of top.chunks()) if (chunk.stats) console.log(`${chunk.stats.rows} rows`);
 * client.close();
 * ```
 */
export class Query<T = unknown> implements AsyncIterable<T> {
  // The one mutable part: how this query's latest iteration is going (attempts, address).
  private readonly progress: QueryProgress = { attempts: 0, address: undefined };

  /** Everything the builder methods collected so far (frozen). */
  readonly spec: QuerySpec;

  /**
   * Made by {@link WireClient.query}, which supplies `open`.
   * @internal
   */
  constructor(
    private readonly open: OpenStream,
    spec: QuerySpec,
  ) {
    this.spec = spec;
    Object.freeze(this);
  }

  /**
   * The calls the latest iteration of this query made so far: 0 before it starts, 1 while nothing
   * went wrong, one more for each resume.
   */
  get attempts(): number {
    return this.progress.attempts;
  }

  /** The address the latest iteration's current (or last) call went to. */
  get address(): string | undefined {
    return this.progress.address;
  }

  private with(change: Partial<QuerySpec>): Query<T> {
    return new Query<T>(this.open, Object.freeze({ ...this.spec, ...change }));
  }

  /**
   * Adds a server-side filter: a {@link Filter} from {@link eq}, {@link and}, … or filter text in
   * the language of docs/filters.md (checked by the server). Several `where()` calls are ANDed.
   */
  where(filter: Filter | string): Query<T> {
    return this.with({ filter: and(this.spec.filter, toFilter(filter)) });
  }

  /**
   * Replaces the ordering (AIP-132): `"priority desc, name"`, or terms such as
   * `desc("priority"), "name"` ({@link asc}, {@link desc}). Rows missing a field sort last; the key
   * `id` breaks ties.
   */
  orderBy(...terms: readonly string[]): Query<T> {
    return this.with({ orderBy: terms.map((t) => t.trim()).filter((t) => t !== "").join(", ") });
  }

  /**
   * At most n rows; 0 means no limit.
   * @throws RangeError unless n is a whole number ≥ 0.
   */
  limit(n: number): Query<T> {
    return this.with({ limit: checkCount("limit", n) });
  }

  /**
   * Skips n rows first; with orderBy on a view with an `id` key, pages never overlap.
   * @throws RangeError unless n is a whole number ≥ 0.
   */
  offset(n: number): Query<T> {
    return this.with({ offset: checkCount("offset", n) });
  }

  /** Rows per message (0: server default, clamped to the server maximum). */
  chunkRows(n: number): Query<T> {
    return this.with({ chunkRows: checkCount("chunkRows", n, UINT32_MAX) });
  }

  /** Row bytes per message (0: server default, 1 MiB; clamped below gRPC's 4 MiB receive limit). */
  chunkBytes(n: number): Query<T> {
    return this.with({ chunkBytes: checkCount("chunkBytes", n, UINT32_MAX) });
  }

  /** Cancels the call when the signal fires; iteration then throws a {@link WireClientError} with reason QUERY_CANCELLED. */
  signal(signal: AbortSignal): Query<T> {
    return this.with({ signal });
  }

  /**
   * A deadline for the whole stream (resumes included), in ms from its start, instead of the
   * client's {@link WireClientOptions.deadlineMs}; past it iteration throws DEADLINE_EXCEEDED.
   */
  deadline(ms: number): Query<T> {
    return this.with({ deadlineMs: checkCount("deadline", ms) });
  }

  /**
   * Auto-resume (on by default): when a call fails with a retriable status or ends without its
   * stats, a new call continues after the last row received, on another address when the client
   * has several, so no row is delivered twice. `resume(false)` turns it off; options change the
   * limits (maxAttempts, maxElapsedMs) and add an onResume callback. See docs/resume.md.
   *
   * @example
   * ```ts
   * import { WireClient } from "fraiseql-wire/client";
   *
   * const client = new WireClient(["host-a:50051", "host-b:50051"]);
   * const all = client.query("projects").orderBy("priority desc").resume({
   *   maxAttempts: 10,
   *   maxElapsedMs: 60_000,
   *   onResume: (e) => console.warn(`resuming after ${e.error.reason} at row ${e.rowsReceived}`),
   * });
   * for await (const row of all) console.log(row); // every row once, in order, through faults
   * console.log(`${all.attempts} calls`);
   * client.close();
   * ```
   */
  resume(options: ResumeOptions | boolean = true): Query<T> {
    return this.with({ resume: toResumePolicy(options, this.spec.resume) });
  }

  /**
   * Starts after the position of a token this same query issued: a QueryChunk's `resumeToken`, or
   * a WireClientError's (bytes, or its base64). Rows keep their indexes in the original result.
   */
  resumeFrom(token: Uint8Array | string): Query<T> {
    const bytes = typeof token === "string" ? Buffer.from(token, "base64") : token;
    if (bytes.length === 0) throw new RangeError("resumeFrom(): the token is empty");
    return this.with({ resumeToken: bytes });
  }

  /**
   * Keeps only rows the predicate accepts, on the client. Every row still crosses the network and
   * is parsed, so this is much slower than where(); use it for what the filter language cannot say.
   */
  filterRows(predicate: (row: T, index: number) => boolean): Query<T> {
    return this.with({ steps: [...this.spec.steps, filterStep(predicate)] });
  }

  /**
   * Checks every row with a type guard, a boolean function or a zod-like schema (safeParse or parse,
   * whose output replaces the row). The first refused row fails the stream with ROW_VALIDATION_FAILED
   * and its 0-based index in the result as `rowIndex`.
   */
  validate<U>(schema: ((row: unknown) => row is U) | ParseSchema<U>): Query<U>;
  validate(schema: (row: unknown) => boolean): Query<T>;
  validate(schema: ((row: unknown) => boolean) | ParseSchema<unknown>): Query<unknown> {
    return this.with({ steps: [...this.spec.steps, validateStep(schema)] });
  }

  /**
   * The messages as the server sent them, the final one (with `stats`, no rows) included;
   * {@link Query.filterRows} and {@link Query.validate} do not apply.
   */
  chunks(): AsyncIterable<QueryChunk> {
    return this.open(this.spec, this.progress);
  }

  /** The rows' JSON text, unparsed (parsed only when filterRows or validate needs it). */
  async *raw(): AsyncGenerator<string, void, undefined> {
    const parse = this.spec.steps.length > 0;
    for await (const chunk of this.open(this.spec, this.progress)) {
      for (let i = 0; i < chunk.rows.length; i++) {
        this.checkAborted(chunk.firstRowIndex + i);
        if (!parse || this.apply(JSON.parse(chunk.rows[i]!), chunk.firstRowIndex + i) !== DROP) yield chunk.rows[i]!;
      }
    }
  }

  /** The parsed rows, typed `T`: `for await (const row of query)`. */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const chunk of this.open(this.spec, this.progress)) {
      for (let i = 0; i < chunk.rows.length; i++) {
        this.checkAborted(chunk.firstRowIndex + i);
        const row = this.apply(JSON.parse(chunk.rows[i]!), chunk.firstRowIndex + i);
        if (row !== DROP) yield row as T;
      }
    }
  }

  /** Every row in one array: convenient for small results only (memory grows with the result). */
  async toArray(): Promise<T[]> {
    const rows: T[] = [];
    for await (const row of this) rows.push(row);
    return rows;
  }

  /** Stops at the next row, not the next message, once the signal fires (a message can hold thousands). */
  private checkAborted(index: number): void {
    const { signal, offset } = this.spec;
    if (signal?.aborted) throw cancelledError(signal.reason, index, offset + index);
  }

  private apply(row: unknown, index: number): unknown {
    for (const step of this.spec.steps) {
      row = step(row, index);
      if (row === DROP) return DROP;
    }
    return row;
  }
}
