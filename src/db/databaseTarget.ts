import { readFileSync } from "node:fs";
import type { ConnectionOptions as TlsOptions } from "node:tls";
import { ConfigError } from "../config/ConfigError.js";
import type { DatabaseTls } from "./DatabaseTls.js";

/** DATABASE_URL as postgres.js needs it: the URL without libpq's TLS keywords, and the options they mean. */
export interface DatabaseTarget {
  readonly url: string;
  /** postgres.js options: `ssl` and, with a password file, `pass`. */
  readonly options: Readonly<Record<string, unknown>>;
  /** The same TLS settings for the pool's own sockets (startTls); undefined: plaintext. */
  readonly tls: DatabaseTls | undefined;
}

const TLS_KEYS = ["sslmode", "sslrootcert", "sslcert", "sslkey"];

/**
 * Reads libpq's sslmode, sslrootcert, sslcert and sslkey from DATABASE_URL (postgres.js knows only
 * sslmode, without certificate files, and would send the others to PostgreSQL as settings). As in
 * libpq: verify-full checks the chain and the host name, verify-ca the chain only, require encrypts
 * without checks unless a root certificate is given (then it is verify-ca), prefer and allow fall back
 * to plaintext. sslrootcert=system trusts the system's CAs. Certificate files are read at start.
 * A password file is read for each new connection, so a rotated Kubernetes secret needs no restart.
 */
export function databaseTarget(databaseUrl: string, passwordFile: string | undefined): DatabaseTarget {
  const url = new URL(databaseUrl);
  const param = (key: string): string | undefined => url.searchParams.get(key) ?? undefined;
  const mode = param("sslmode");
  const rootcert = param("sslrootcert");
  const cert = param("sslcert");
  const key = param("sslkey");
  for (const k of TLS_KEYS) url.searchParams.delete(k);
  const file = (name: string, path: string): Buffer => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new ConfigError([`${name}=${path} cannot be read: ${error instanceof Error ? error.message : String(error)}`]);
    }
  };
  const client: TlsOptions = { ...(cert === undefined ? {} : { cert: file("DATABASE_URL sslcert", cert) }), ...(key === undefined ? {} : { key: file("DATABASE_URL sslkey", key) }) };
  const ca: TlsOptions = rootcert === undefined || rootcert === "system" ? {} : { ca: file("DATABASE_URL sslrootcert", rootcert) };
  let tls: DatabaseTls | undefined;
  const verify = { ...ca, ...client, rejectUnauthorized: true };
  if (mode === undefined && rootcert === "system") tls = { fallback: false, options: verify };
  else if (mode === undefined || mode === "disable") tls = undefined;
  else if (mode === "verify-full") tls = { fallback: false, options: verify };
  else if (mode === "verify-ca" || (mode === "require" && ca.ca !== undefined)) tls = { fallback: false, options: { ...verify, checkServerIdentity: () => undefined } };
  else if (mode === "require") tls = { fallback: false, options: { ...client, rejectUnauthorized: false } };
  else if (mode === "prefer" || mode === "allow") tls = { fallback: true, options: { ...client, rejectUnauthorized: false } };
  else throw new ConfigError([`DATABASE_URL sslmode=${mode} must be disable, allow, prefer, require, verify-ca or verify-full`]);
  // postgres.js's own form, for its connections that do not come from the pool (the health ping).
  const ssl = tls === undefined ? false : tls.fallback ? "prefer" : tls.options;
  const options: Record<string, unknown> = { ssl };
  if (passwordFile !== undefined) {
    // Read once now so that a missing file stops the start, then again for each new connection.
    file("FRAISEQL_WIRE_DATABASE_PASSWORD_FILE", passwordFile);
    options["pass"] = () => readFileSync(passwordFile, "utf8").replace(/\r?\n$/, "");
  }
  return { url: url.toString(), options, tls };
}
