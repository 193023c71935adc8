/**
 * Things to stop (servers, databases) in reverse order of start, on normal exit and on Ctrl-C, so
 * that an interrupted benchmark leaves no process or temp database behind.
 */
export class Cleanup {
  readonly #steps: (() => Promise<unknown>)[] = [];
  #running: Promise<void> | undefined;

  constructor() {
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.once(signal, () => {
        process.stderr.write(`\n${signal}: stopping what this run started…\n`);
        void this.run().finally(() => process.exit(130));
      });
    }
  }

  /** Registers a stop step; returns a function that runs it now and unregisters it. */
  add(step: () => Promise<unknown>): () => Promise<void> {
    this.#steps.push(step);
    return async () => {
      const i = this.#steps.indexOf(step);
      if (i >= 0) this.#steps.splice(i, 1);
      await step();
    };
  }

  run(): Promise<void> {
    this.#running ??= (async () => {
      while (this.#steps.length > 0) await this.#steps.pop()!().catch(() => {});
    })();
    return this.#running;
  }
}
