import { readFileSync } from "node:fs";
import type { TlsOptions } from "../client/WireClientOptions.js";
import type { CliCommand } from "./parseCli.js";
import { UsageError } from "./UsageError.js";

/** The SDK's `tls` option from --tls, --ca, --cert and --key: false, true (system CAs) or certificates. */
export function tlsOptions(cli: CliCommand): boolean | TlsOptions {
  if (!cli.tls) return false;
  if (cli.ca === undefined && cli.cert === undefined) return true;
  const read = (flag: string, path: string | undefined): Buffer | undefined => {
    if (path === undefined) return undefined;
    try {
      return readFileSync(path);
    } catch (error) {
      throw new UsageError(`${flag} ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const ca = read("--ca", cli.ca);
  const cert = read("--cert", cli.cert);
  const key = read("--key", cli.key);
  return { ...(ca === undefined ? {} : { rootCerts: ca }), ...(cert === undefined ? {} : { certChain: cert }), ...(key === undefined ? {} : { privateKey: key }) };
}
