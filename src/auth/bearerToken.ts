import { authFailure } from "./authFailure.js";

// RFC 6750 section 2.1: the scheme is case-insensitive, the token is b64token characters.
const BEARER = /^bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** The token of an `authorization: Bearer <token>` value; throws when it is missing or malformed. */
export function bearerToken(authorization: string | undefined): string {
  if (authorization === undefined || authorization.trim() === "") throw authFailure.required();
  const match = BEARER.exec(authorization);
  if (match === null) throw authFailure.invalid("scheme", "the authorization metadata is not of the form `Bearer <token>`");
  return match[1]!;
}
