import { WireError } from "../errors/WireError.js";
import type { Caller } from "./Caller.js";

/**
 * FRAISEQL_WIRE_MAX_STREAMS_PER_CALLER: how many streams each caller holds at once, so that one
 * caller cannot take every pooled connection from the others.
 */
export class CallerStreams {
  private readonly open = new Map<string, number>();

  constructor(private readonly limit: number) {}

  /** Counts a stream of `caller`; throws TOO_MANY_CALLER_STREAMS past the limit. Returns its release. */
  acquire(caller: Caller): () => void {
    if (this.limit <= 0) return () => {};
    const held = this.open.get(caller.id) ?? 0;
    if (held >= this.limit) {
      throw new WireError(
        "TOO_MANY_CALLER_STREAMS",
        `caller ${caller.id} already has ${held} streams open, the most one caller may hold at once (FRAISEQL_WIRE_MAX_STREAMS_PER_CALLER=${this.limit}). Wait for one to finish, then retry.`,
        { metadata: { caller: caller.id, limit: this.limit } },
      );
    }
    this.open.set(caller.id, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(caller.id) ?? 1) - 1;
      if (left === 0) this.open.delete(caller.id);
      else this.open.set(caller.id, left);
    };
  }
}
