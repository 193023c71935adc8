import { fileURLToPath } from "node:url";

/**
 * Where the processes that tests start (the built server, the CLI) write raw V8 coverage under
 * `make test` (NODE_V8_COVERAGE). Inside coverage/, which vitest empties at the start of a run.
 */
export const childCoverageDir = fileURLToPath(new URL("../../../coverage/.children", import.meta.url));
