import { readFileSync, unwatchFile, watchFile, type Stats } from "node:fs";
import type { Logger } from "pino";
import { ConfigError } from "../config/ConfigError.js";

// How often the file's metadata is polled. Polling (not inotify) sees Kubernetes' secret updates,
// which swap a symlink rather than write the file.
const POLL_MS = 1000;

/**
 * A file the server depends on (token hashes, a JWKS), parsed once at start and again whenever it
 * changes or reload() is called (SIGHUP). A start with a bad file fails with a ConfigError; a bad
 * file later is logged and the last good contents stay in force, so a half-written update cannot
 * lock every caller out.
 */
export class WatchedFile<T> {
  private current: T;
  private readonly listener = (now: Stats, before: Stats): void => {
    if (now.mtimeMs !== before.mtimeMs || now.ino !== before.ino || now.size !== before.size) this.reload();
  };

  constructor(
    private readonly setting: string,
    private readonly path: string,
    private readonly parse: (text: string) => T,
    private readonly log: Logger,
  ) {
    try {
      this.current = this.read();
    } catch (error) {
      throw new ConfigError([`${setting}=${path}: ${error instanceof Error ? error.message : String(error)}`]);
    }
    watchFile(path, { interval: POLL_MS, persistent: false }, this.listener);
  }

  get value(): T {
    return this.current;
  }

  /** Reads the file again; keeps the previous contents when it cannot be used. */
  reload(): void {
    try {
      this.current = this.read();
      this.log.info({ setting: this.setting, path: this.path }, "reloaded");
    } catch (error) {
      this.log.error({ setting: this.setting, path: this.path, cause: error instanceof Error ? error.message : String(error) }, "file not reloaded: keeping the previous contents");
    }
  }

  close(): void {
    unwatchFile(this.path, this.listener);
  }

  private read(): T {
    return this.parse(readFileSync(this.path, "utf8"));
  }
}
