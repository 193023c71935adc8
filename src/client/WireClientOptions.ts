import type { ClientOptions } from "@grpc/grpc-js";
import type { ResumeOptions } from "./resume/ResumeOptions.js";

/** TLS settings; `true` uses the system's root certificates. */
export interface TlsOptions {
  /** PEM root certificates to trust instead of the system's. */
  readonly rootCerts?: Buffer | string;
  /** PEM private key of the client certificate, for mutual TLS (with certChain). */
  readonly privateKey?: Buffer | string;
  /** PEM client certificate chain, for mutual TLS (with privateKey). */
  readonly certChain?: Buffer | string;
}

/**
 * How a {@link WireClient} connects and what every call of it sends.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * import { WireClient } from "fraiseql-wire/client";
 *
 * const client = new WireClient("wire.example:50051", {
 *   token: process.env["WIRE_TOKEN"],           // "authorization: Bearer <token>" on every call
 *   tls: { rootCerts: readFileSync("ca.pem") }, // true: the system's root certificates
 *   metadata: { "x-tenant": "acme" },
 *   deadlineMs: 60_000,
 *   resume: { maxAttempts: 5 },
 *   channelOptions: { "grpc.keepalive_time_ms": 30_000 },
 * });
 * client.close();
 * ```
 */
export interface WireClientOptions {
  /** TLS (true, or certificates); plaintext when absent or false, as for a local server. */
  readonly tls?: boolean | TlsOptions;
  /** A bearer token, sent as `authorization: Bearer <token>` with every call. */
  readonly token?: string;
  /** Extra metadata sent with every call (keys lowercase, as HTTP/2 requires). */
  readonly metadata?: Readonly<Record<string, string>>;
  /**
   * The default deadline of every call, in ms from its start. For a stream it covers the whole
   * stream, so pick it for the largest result you expect; Query.deadline() overrides it.
   * Default: none.
   */
  readonly deadlineMs?: number;
  /**
   * Auto-resume of every query of this client (default: on, with the defaults of ResumeOptions);
   * false turns it off, Query.resume() overrides it per query. See docs/resume.md.
   */
  readonly resume?: ResumeOptions | boolean;
  /** grpc-js channel options (e.g. "grpc.keepalive_time_ms") and interceptors, passed through. */
  readonly channelOptions?: Partial<ClientOptions>;
}
