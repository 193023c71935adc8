import { checkHealth } from "../client/index.js";
import { exitCodes } from "./exitCodes.js";
import type { CliCommand } from "./parseCli.js";

/** The deadline of `health` unless --deadline-ms says otherwise: probes must answer quickly. */
const HEALTH_DEADLINE_MS = 5000;

/**
 * `fraiseql-wire health`: one grpc.health.v1 Check. Prints the status; exit code 0 only for SERVING,
 * so that a container HEALTHCHECK needs no binary beyond the image's own node. NOT_SERVING is
 * retriable (the database may come back); a service name the server does not know is not.
 * No answer at all throws, and runCli reports it like any other failed call (unreachable: 75;
 * past the deadline: 1).
 */
export async function runHealth(cli: CliCommand, stdout: NodeJS.WritableStream): Promise<number> {
  const status = await checkHealth(cli.address, {
    tls: cli.tls,
    service: cli.service,
    deadlineMs: cli.deadlineMs ?? HEALTH_DEADLINE_MS,
    ...(cli.token === undefined ? {} : { token: cli.token }),
  });
  stdout.write(`${status}\n`);
  if (status === "SERVING") return exitCodes.ok;
  return status === "SERVICE_UNKNOWN" ? exitCodes.failure : exitCodes.retriable;
}
