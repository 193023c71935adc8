import { errors } from "jose";
import { WireError } from "../errors/WireError.js";
import { authFailure } from "./authFailure.js";

const SETTING: Readonly<Record<string, string>> = { iss: "FRAISEQL_WIRE_JWT_ISSUER", aud: "FRAISEQL_WIRE_JWT_AUDIENCE" };

/** What jose's verification error means for the caller, naming the check that failed. */
export function jwtFailure(error: unknown): WireError {
  if (error instanceof WireError) return error;
  if (error instanceof errors.JWTExpired) return authFailure.invalid("exp", "the JWT has expired (its exp claim is past, beyond the allowed clock skew)");
  if (error instanceof errors.JWTClaimValidationFailed) {
    const claim = error.claim;
    if (error.reason === "missing") return authFailure.invalid(claim, `the JWT has no ${claim} claim, which this server requires`);
    if (claim === "nbf") return authFailure.invalid("nbf", "the JWT is not valid yet (its nbf claim is in the future)");
    if (claim === "iat") return authFailure.invalid("iat", "the JWT's iat claim is in the future or not a number");
    const setting = SETTING[claim];
    return authFailure.invalid(claim, setting === undefined ? `the JWT's ${claim} claim is not valid` : `the JWT's ${claim} claim is not the one this server accepts (${setting})`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return authFailure.invalid("alg", "the JWT is signed with an algorithm this server does not accept (asymmetric algorithms only, plus HS256 when a shared secret is configured)");
  if (error instanceof errors.JWSSignatureVerificationFailed) return authFailure.invalid("signature", "the JWT's signature does not verify with the server's keys");
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return authFailure.invalid("kid", "no single key of the server's JWKS matches the JWT's header (kid, alg)");
  }
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || !(error instanceof errors.JOSEError)) {
    return new WireError(
      "AUTH_KEYS_UNAVAILABLE",
      "the server could not load the keys to verify the JWT (FRAISEQL_WIRE_JWT_JWKS did not answer with a valid JWKS). Retry after a short delay; operators: check that the JWKS URL answers from the server's network.",
      { cause: error },
    );
  }
  return authFailure.invalid("format", "the bearer token is not a well-formed signed JWT");
}
