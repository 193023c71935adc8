import type { WriteStream } from "node:tty";
import type { ResumeEvent } from "../client/index.js";

const INTERVAL_MS = 250;

/**
 * "12,345 rows  3.2 MB  48,000 rows/s" on stderr, redrawn in place while a stream runs, and a
 * summary line at the end; "resumed 2× (DATABASE_UNAVAILABLE)" is added once the stream has been
 * resumed. Silent unless stderr is a terminal: logs and pipes get one line per resume instead, and
 * nothing else.
 */
export class ProgressLine {
  private rows = 0;
  private bytes = 0;
  private resumes = 0;
  private lastCause = "";
  private readonly startedAt = process.hrtime.bigint();
  private readonly timer: NodeJS.Timeout | undefined;
  private shown = false;

  constructor(private readonly stderr: Pick<WriteStream, "write" | "isTTY">) {
    this.timer = stderr.isTTY ? setInterval(() => this.draw(), INTERVAL_MS) : undefined;
    this.timer?.unref();
  }

  add(rows: number, bytes: number): void {
    this.rows += rows;
    this.bytes += bytes;
  }

  /** The SDK is about to resume the stream: counted on the line, or one line of its own off a terminal. */
  resumed(event: ResumeEvent): void {
    this.resumes += 1;
    this.lastCause = event.error.reason;
    if (this.stderr.isTTY) return this.draw();
    const wait = (event.delayMs / 1000).toFixed(1);
    this.stderr.write(`fraiseql-wire: resuming after ${event.error.reason} at row ${n(event.rowsReceived)} (attempt ${event.attempt}, in ${wait} s)\n`);
  }

  /** Removes the line before other output reaches the same terminal. */
  clear(): void {
    if (this.shown) this.stderr.write("\r\x1b[K");
    this.shown = false;
  }

  /** Stops redrawing and prints the summary (on a terminal only). */
  finish(): void {
    clearInterval(this.timer);
    if (!this.stderr.isTTY) return;
    this.clear();
    this.stderr.write(`${this.text()}\n`);
  }

  private draw(): void {
    this.stderr.write(`\r\x1b[K${this.text()}`);
    this.shown = true;
  }

  private text(): string {
    const seconds = Number(process.hrtime.bigint() - this.startedAt) / 1e9;
    const rate = seconds > 0 ? Math.round(this.rows / seconds) : 0;
    const resumed = this.resumes === 0 ? "" : `  resumed ${this.resumes}× (${this.lastCause})`;
    return `${n(this.rows)} rows  ${(this.bytes / 1e6).toFixed(1)} MB  ${seconds.toFixed(1)} s  ${n(rate)} rows/s${resumed}`;
  }
}

const n = (x: number): string => x.toLocaleString("en-US");
