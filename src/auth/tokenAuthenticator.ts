import type { Logger } from "pino";
import { allowedRole } from "./allowedRole.js";
import type { Authenticator } from "./Authenticator.js";
import { authFailure } from "./authFailure.js";
import { bearerToken } from "./bearerToken.js";
import { EntityScopes } from "./EntityScopes.js";
import { TokenFile } from "./TokenFile.js";
import { WatchedFile } from "./WatchedFile.js";

/**
 * FRAISEQL_WIRE_AUTH=token: a bearer token whose SHA-256 is in the token file. Its entry names the
 * caller, its entities and its database role; RLS policies see `{"sub": <name>, "role": <role>}`
 * as request.jwt.claims.
 */
export function tokenAuthenticator(tokensFile: string, dbRoles: readonly string[], log: Logger): Authenticator {
  const file = new WatchedFile("FRAISEQL_WIRE_TOKENS_FILE", tokensFile, TokenFile.parse, log);
  return {
    authenticate: async (credentials) => {
      const entry = file.value.find(bearerToken(credentials.authorization));
      if (entry === undefined) throw authFailure.invalid("token", "the bearer token is not one this server knows (it matches no entry of its token file)");
      const role = allowedRole(entry.role, dbRoles);
      return {
        id: `token:${entry.name}`,
        scopes: new EntityScopes(entry.entities),
        role,
        claims: role === undefined ? { sub: entry.name } : { sub: entry.name, role },
      };
    },
    reload: () => file.reload(),
    close: () => file.close(),
  };
}
