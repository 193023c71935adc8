import { WireClientError } from "../client/index.js";

/** The stderr text for a failed command: reason, message, what to do next, and the help link. */
export function describeFailure(error: unknown, address: string): string {
  if (!(error instanceof WireClientError)) {
    return `fraiseql-wire: ${error instanceof Error ? error.message : String(error)}\n`;
  }
  const lines = [`fraiseql-wire: ${error.reason}: ${error.message}`];
  // Transport failures carry grpc-js's wording only; the address is what the user can check.
  if (error.requestId === undefined && error.category === "connection") lines.push(`  server: ${address} (--address or FRAISEQL_WIRE_ADDRESS)`);
  if (error.attempts !== undefined && error.attempts > 1) lines.push(`  failed after ${error.attempts} attempts: the stream was resumed ${error.attempts - 1} times (see --resume-attempts).`);
  if (error.rowsReceived > 0 && error.nextOffset !== undefined) {
    lines.push(`  ${error.rowsReceived} rows were written before the failure; add --offset ${error.nextOffset} to resume.`);
  }
  if (error.retriable) {
    const wait = error.retryDelayMs === undefined ? "" : ` in ${error.retryDelayMs / 1000} s`;
    lines.push(`  This failure is temporary: try again${wait}.`);
  }
  for (const link of error.helpLinks) lines.push(`  See ${link.url}`);
  if (error.requestId !== undefined) lines.push(`  request id: ${error.requestId}`);
  return `${lines.join("\n")}\n`;
}
