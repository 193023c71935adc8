import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";
import type { Logger } from "pino";
import type { AuthConfig } from "../config/Config.js";
import { allowedRole } from "./allowedRole.js";
import type { Authenticator } from "./Authenticator.js";
import { bearerToken } from "./bearerToken.js";
import { EntityScopes } from "./EntityScopes.js";
import { jwtFailure } from "./jwtFailure.js";
import { isScopePattern } from "./scopePattern.js";
import { WatchedFile } from "./WatchedFile.js";

type JwtConfig = Extract<AuthConfig, { mode: "jwt" }>;

// Asymmetric JWS algorithms (RFC 7518, RFC 8037): "none" and the HMAC family are refused, so a
// public key can never be used as an HMAC secret (the classic algorithm confusion).
const ASYMMETRIC = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519"];
const SCOPE_PREFIX = "wire:read:";

/**
 * FRAISEQL_WIRE_AUTH=jwt: a bearer JWT verified with jose against the JWKS (file or https URL) or,
 * for HS256, the shared secret; iss, aud, exp and nbf are checked with a clock-skew allowance.
 * Claims follow PostgREST: `role` is the database role; the `scope` claim's `wire:read:<pattern>`
 * entries are the readable entities; the whole payload becomes request.jwt.claims.
 */
export function jwtAuthenticator(config: JwtConfig, dbRoles: readonly string[], log: Logger): Authenticator {
  const file = config.jwks !== undefined && !config.jwks.startsWith("https:") ? new WatchedFile("FRAISEQL_WIRE_JWT_JWKS", config.jwks, parseJwks, log) : undefined;
  const remote = config.jwks?.startsWith("https:") ? createRemoteJWKSet(new URL(config.jwks), { timeoutDuration: 5000, cooldownDuration: 30_000, cacheMaxAge: 600_000 }) : undefined;
  const secret = config.secret === undefined ? undefined : new TextEncoder().encode(config.secret);
  const keys: JWTVerifyGetKey | undefined = file !== undefined ? (header, token) => file.value(header, token) : remote;
  const algorithms = [...(keys === undefined ? [] : ASYMMETRIC), ...(secret === undefined ? [] : ["HS256"])];
  const getKey: JWTVerifyGetKey = (header, token) => (header.alg === "HS256" && secret !== undefined ? secret : keys!(header, token));
  return {
    authenticate: async (credentials) => {
      const token = bearerToken(credentials.authorization);
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, getKey, {
          algorithms,
          audience: config.audience,
          ...(config.issuer === undefined ? {} : { issuer: config.issuer }),
          clockTolerance: Math.round(config.clockSkewMs / 1000),
          requiredClaims: ["exp"],
        }));
      } catch (error) {
        throw jwtFailure(error);
      }
      const scope = typeof payload["scope"] === "string" ? payload["scope"].split(" ") : [];
      const patterns = scope.filter((s) => s.startsWith(SCOPE_PREFIX)).map((s) => s.slice(SCOPE_PREFIX.length)).filter(isScopePattern);
      return {
        id: `jwt:${typeof payload.sub === "string" ? payload.sub : "(no sub)"}`,
        scopes: new EntityScopes(patterns),
        role: allowedRole(payload["role"], dbRoles),
        claims: payload,
      };
    },
    reload: () => file?.reload(),
    close: () => file?.close(),
  };
}

function parseJwks(text: string): JWTVerifyGetKey {
  const json = JSON.parse(text) as { keys?: unknown };
  if (!Array.isArray(json.keys) || json.keys.length === 0) throw new Error('not a JWKS: expected {"keys": [ ... ]} with at least one key');
  return createLocalJWKSet(json as Parameters<typeof createLocalJWKSet>[0]);
}
