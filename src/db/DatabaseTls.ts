import type { ConnectionOptions } from "node:tls";

/** TLS to PostgreSQL as the pool's own sockets negotiate it (see startTls). */
export interface DatabaseTls {
  /** Plaintext when PostgreSQL declines TLS (sslmode prefer or allow); otherwise that is an error. */
  readonly fallback: boolean;
  /** Options for tls.connect: CA, client certificate, whether and how to verify. */
  readonly options: ConnectionOptions;
}
