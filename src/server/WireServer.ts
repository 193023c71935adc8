/** A running server, as main, the CLI and the tests hold it. */
export interface WireServer {
  /** host:port actually bound (the real port when configured with port 0). */
  readonly address: string;
  readonly port: number;
  /** Re-reads the TLS files, the token file and a JWKS file now (what SIGHUP does). */
  reload(): void;
  /**
   * Graceful shutdown: NOT_SERVING, refuse new calls, let running streams finish for `graceMs`
   * (default from config), then end them with UNAVAILABLE and close the pool.
   */
  shutdown(graceMs?: number): Promise<void>;
}
