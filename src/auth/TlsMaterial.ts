import { readFileSync, unwatchFile, watchFile } from "node:fs";
import { createSecureContext } from "node:tls";
import type { Logger } from "pino";
import type { TlsConfig } from "../config/Config.js";
import { ConfigError } from "../config/ConfigError.js";

/** One consistent set of the listener's PEM files. */
export interface TlsFiles {
  readonly cert: Buffer;
  readonly key: Buffer;
  readonly clientCa: Buffer | undefined;
}

const POLL_MS = 1000;

/**
 * The gRPC listener's certificate, key and client CA, loaded at start and again when a file changes
 * or on reload() (SIGHUP). Each new set is checked (the key must match the certificate, the PEM must
 * parse) before listeners see it: a rotation that wrote the certificate but not yet its key keeps
 * the previous set until the key arrives. New connections get the new set; open ones, and their
 * streams, keep theirs.
 */
export class TlsMaterial {
  private current: TlsFiles;
  private readonly listeners = new Set<(files: TlsFiles) => void>();
  private readonly poll = (): void => this.reload();

  constructor(
    private readonly config: TlsConfig,
    private readonly log: Logger,
  ) {
    try {
      this.current = this.read();
    } catch (error) {
      throw new ConfigError([`FRAISEQL_WIRE_TLS_CERT/FRAISEQL_WIRE_TLS_KEY/FRAISEQL_WIRE_TLS_CLIENT_CA cannot be used: ${error instanceof Error ? error.message : String(error)}`]);
    }
    for (const path of this.paths()) watchFile(path, { interval: POLL_MS, persistent: false }, this.poll);
  }

  get files(): TlsFiles {
    return this.current;
  }

  onChange(listener: (files: TlsFiles) => void): void {
    this.listeners.add(listener);
  }

  /** Reads the files again; publishes them when they form a valid, changed set. */
  reload(): void {
    let next: TlsFiles;
    try {
      next = this.read();
    } catch (error) {
      this.log.error({ cause: error instanceof Error ? error.message : String(error) }, "TLS files not reloaded: keeping the previous certificate");
      return;
    }
    const same = next.cert.equals(this.current.cert) && next.key.equals(this.current.key) && (next.clientCa?.equals(this.current.clientCa ?? Buffer.alloc(0)) ?? this.current.clientCa === undefined);
    if (same) return;
    this.current = next;
    this.log.info({ cert: this.config.certFile }, "TLS certificate reloaded: new connections use it");
    for (const listener of this.listeners) listener(next);
  }

  close(): void {
    for (const path of this.paths()) unwatchFile(path, this.poll);
  }

  private paths(): string[] {
    return [this.config.certFile, this.config.keyFile, ...(this.config.clientCaFile === undefined ? [] : [this.config.clientCaFile])];
  }

  private read(): TlsFiles {
    const cert = readFileSync(this.config.certFile);
    const key = readFileSync(this.config.keyFile);
    const clientCa = this.config.clientCaFile === undefined ? undefined : readFileSync(this.config.clientCaFile);
    // Throws for unparsable PEM and for a key that does not belong to the certificate.
    createSecureContext({ cert, key, ...(clientCa === undefined ? {} : { ca: clientCa }) });
    return { cert, key, clientCa };
  }
}
