import type { WriteStream } from "node:tty";

const INTERVAL_MS = 250;

/**
 * "12,345 rows  3.2 MB  48,000 rows/s" on stderr, redrawn in place while a stream runs, and a
 * summary line at the end. Silent unless stderr is a terminal: logs and pipes never get it.
 */
export class ProgressLine {
  private rows = 0;
  private bytes = 0;
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
    const n = (x: number): string => x.toLocaleString("en-US");
    return `${n(this.rows)} rows  ${(this.bytes / 1e6).toFixed(1)} MB  ${seconds.toFixed(1)} s  ${n(rate)} rows/s`;
  }
}
