import type { Writable } from "node:stream";

/**
 * stdout with backpressure: write() waits while the pipe is full, so `fraiseql-wire query … | less`
 * slows the server down instead of filling this process's memory. A closed pipe (`| head`) aborts
 * the query through `onClosed` and makes later writes no-ops.
 */
export class Output {
  private closed = false;

  constructor(
    private readonly stream: Writable,
    onClosed: () => void,
  ) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      this.closed = true;
      onClosed();
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async write(text: string): Promise<void> {
    if (this.closed) return;
    if (this.stream.write(text)) return;
    await new Promise<void>((resolve) => {
      // Both listeners go once either fires: a long stream waits thousands of times.
      const done = (): void => {
        this.stream.off("drain", done);
        this.stream.off("close", done);
        resolve();
      };
      this.stream.on("drain", done);
      this.stream.on("close", done);
    });
  }
}
