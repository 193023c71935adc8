import type { Logger } from "pino";
import type { Config } from "../config/Config.js";
import type { Authenticator } from "./Authenticator.js";
import { jwtAuthenticator } from "./jwtAuthenticator.js";
import { noAuthenticator } from "./noAuthenticator.js";
import { tokenAuthenticator } from "./tokenAuthenticator.js";

/** The authenticator of FRAISEQL_WIRE_AUTH; throws a ConfigError when its files cannot be used. */
export function createAuthenticator(config: Config, log: Logger): Authenticator {
  const auth = config.auth;
  if (auth.mode === "token") return tokenAuthenticator(auth.tokensFile, config.dbRoles, log);
  if (auth.mode === "jwt") return jwtAuthenticator(auth, config.dbRoles, log);
  return noAuthenticator();
}
