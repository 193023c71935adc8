import { WireClientError } from "../client/index.js";
import { cliHelp } from "./cliHelp.js";
import { describeFailure } from "./describeFailure.js";
import { exitCodes } from "./exitCodes.js";
import { Output } from "./Output.js";
import { packageVersion } from "./packageVersion.js";
import { parseCli } from "./parseCli.js";
import { runEntities } from "./runEntities.js";
import { runHealth } from "./runHealth.js";
import { runQuery } from "./runQuery.js";
import { UsageError } from "./UsageError.js";

/** Runs one command line and returns the exit code (documented in --help). */
export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const interrupt = new AbortController();
  let address = "";
  const onSigint = (): void => interrupt.abort(new Error("interrupted"));
  try {
    const cli = parseCli(argv, env);
    address = cli.address;
    if (cli.command === "help") {
      process.stdout.write(cliHelp);
      return exitCodes.ok;
    }
    if (cli.command === "version") {
      process.stdout.write(`fraiseql-wire ${packageVersion()}\n`);
      return exitCodes.ok;
    }
    if (cli.command === "serve") {
      // Loaded only here: the server pulls in PostgreSQL and telemetry that query does not need.
      const { main } = await import("../main.js");
      return await main(cli.rest, env);
    }
    if (cli.command === "health") return await runHealth(cli, process.stdout);
    process.once("SIGINT", onSigint);
    const out = new Output(process.stdout, () => interrupt.abort(new Error("stdout closed")));
    if (cli.command === "query") await runQuery(cli, out, process.stderr, interrupt.signal);
    else await runEntities(cli, out);
    return exitCodes.ok;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`fraiseql-wire: ${error.message}\nRun fraiseql-wire --help for usage.\n`);
      return exitCodes.usage;
    }
    const reason: unknown = interrupt.signal.reason;
    if (reason instanceof Error && reason.message === "stdout closed") return exitCodes.ok;
    if (interrupt.signal.aborted) return exitCodes.interrupted;
    process.stderr.write(describeFailure(error, address));
    return error instanceof WireClientError && error.retriable ? exitCodes.retriable : exitCodes.failure;
  } finally {
    process.off("SIGINT", onSigint);
  }
}
