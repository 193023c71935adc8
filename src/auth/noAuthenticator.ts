import type { Authenticator } from "./Authenticator.js";
import { EntityScopes } from "./EntityScopes.js";

/**
 * FRAISEQL_WIRE_AUTH=none: every caller reads every entity as the server's role. Behind mTLS the
 * client certificate's subject names the caller (logs, per-caller limits, request.jwt.claims.sub).
 */
export function noAuthenticator(): Authenticator {
  return {
    authenticate: async ({ peerSubject }) =>
      peerSubject === undefined
        ? { id: "anonymous", scopes: EntityScopes.all, role: undefined, claims: undefined }
        : { id: `cert:${peerSubject}`, scopes: EntityScopes.all, role: undefined, claims: { sub: peerSubject } },
    reload: () => {},
    close: () => {},
  };
}
