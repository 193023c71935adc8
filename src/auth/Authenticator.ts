import type { Caller } from "./Caller.js";
import type { Credentials } from "./Credentials.js";

/** Turns a call's credentials into a Caller, or throws a WireError (UNAUTHENTICATED / PERMISSION_DENIED). */
export interface Authenticator {
  authenticate(credentials: Credentials): Promise<Caller>;
  /** Re-reads whatever files it depends on now (SIGHUP). */
  reload(): void;
  /** Stops watching files. */
  close(): void;
}
