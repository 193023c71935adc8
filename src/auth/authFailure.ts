import { WireError } from "../errors/WireError.js";

/**
 * The errors of authentication. Messages say which check failed and what to do, and never echo the
 * credential (it may be a live secret of someone else's, pasted by mistake).
 */
export const authFailure = {
  /** No credential at all. */
  required(): WireError {
    return new WireError(
      "AUTHENTICATION_REQUIRED",
      "this server requires a credential: send the metadata `authorization: Bearer <token>` (SDK option token, CLI --token).",
      { metadata: { check: "present" } },
    );
  },
  /** A credential that failed `check` (scheme, token, signature, exp, iss, aud, …): `why` says how. */
  invalid(check: string, why: string): WireError {
    return new WireError("INVALID_CREDENTIALS", `the credential was refused: ${why}. Get a valid token and call again; retrying the same one will not help.`, {
      metadata: { check },
    });
  },
} as const;
