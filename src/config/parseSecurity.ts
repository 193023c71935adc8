import type { AuthConfig, TlsConfig } from "./Config.js";
import { isLoopback } from "./isLoopback.js";
import type { SettingName } from "./settings.js";

/** The parts of Config that decide who may call and how (transport, authentication). */
export interface SecurityConfig {
  readonly tls: TlsConfig | undefined;
  readonly allowInsecure: boolean;
  readonly auth: AuthConfig;
}

type Raw = (name: SettingName) => string;

// Asymmetric algorithms only (RFC 7518); HS256 joins them only with a secret (see FRAISEQL_WIRE_JWT_SECRET).
const MIN_SECRET_BYTES = 32;

/**
 * TLS and authentication settings, with the two start-up refusals of issue 12: a non-loopback listener
 * without TLS needs FRAISEQL_WIRE_ALLOW_INSECURE=true, and one without client certificates needs an
 * explicit FRAISEQL_WIRE_AUTH. Each problem is one sentence saying why and what to set.
 */
export function parseSecurity(raw: Raw, listen: string, clockSkewMs: number, problems: string[]): SecurityConfig {
  const certFile = raw("FRAISEQL_WIRE_TLS_CERT");
  const keyFile = raw("FRAISEQL_WIRE_TLS_KEY");
  const clientCaFile = raw("FRAISEQL_WIRE_TLS_CLIENT_CA");
  if ((certFile === "") !== (keyFile === "")) problems.push("FRAISEQL_WIRE_TLS_CERT and FRAISEQL_WIRE_TLS_KEY must be set together: TLS needs both the certificate and its private key");
  if (clientCaFile !== "" && certFile === "") problems.push("FRAISEQL_WIRE_TLS_CLIENT_CA needs FRAISEQL_WIRE_TLS_CERT and FRAISEQL_WIRE_TLS_KEY: client certificates are only asked for over TLS");
  const tls = certFile !== "" && keyFile !== "" ? { certFile, keyFile, clientCaFile: clientCaFile === "" ? undefined : clientCaFile } : undefined;

  const insecureText = raw("FRAISEQL_WIRE_ALLOW_INSECURE");
  if (!["true", "false", "1", "0"].includes(insecureText)) problems.push(`FRAISEQL_WIRE_ALLOW_INSECURE=${JSON.stringify(insecureText)} must be true or false`);
  const allowInsecure = insecureText === "true" || insecureText === "1";
  const host = listen.slice(0, Math.max(0, listen.lastIndexOf(":")));
  // An unparsable FRAISEQL_WIRE_LISTEN is reported on its own; it raises no second problem here.
  const loopback = !/:\d+$/.test(listen) || isLoopback(host);
  if (!loopback && tls === undefined && !allowInsecure) {
    problems.push(
      `FRAISEQL_WIRE_LISTEN=${listen} is not a loopback address and TLS is off: set FRAISEQL_WIRE_TLS_CERT and FRAISEQL_WIRE_TLS_KEY, or FRAISEQL_WIRE_ALLOW_INSECURE=true if a mesh or proxy terminates TLS in front of the server`,
    );
  }

  const mode = raw("FRAISEQL_WIRE_AUTH");
  let auth: AuthConfig = { mode: "none" };
  if (mode === "") {
    if (!loopback && tls?.clientCaFile === undefined) {
      problems.push(
        `FRAISEQL_WIRE_AUTH is not set and FRAISEQL_WIRE_LISTEN=${listen} is not a loopback address: set it to token or jwt, or to none to let anyone who reaches the port read every entity`,
      );
    }
  } else if (mode === "token") {
    const tokensFile = raw("FRAISEQL_WIRE_TOKENS_FILE");
    if (tokensFile === "") problems.push("FRAISEQL_WIRE_AUTH=token needs FRAISEQL_WIRE_TOKENS_FILE, the JSON file of token hashes");
    auth = { mode: "token", tokensFile };
  } else if (mode === "jwt") {
    const jwks = raw("FRAISEQL_WIRE_JWT_JWKS");
    const secret = raw("FRAISEQL_WIRE_JWT_SECRET");
    const audience = raw("FRAISEQL_WIRE_JWT_AUDIENCE");
    const issuer = raw("FRAISEQL_WIRE_JWT_ISSUER");
    if (jwks === "" && secret === "") problems.push("FRAISEQL_WIRE_AUTH=jwt needs FRAISEQL_WIRE_JWT_JWKS (a JWKS file or https URL), or FRAISEQL_WIRE_JWT_SECRET for HS256");
    if (jwks.startsWith("http:")) problems.push("FRAISEQL_WIRE_JWT_JWKS must be a file path or an https:// URL: keys fetched over plain http could be swapped by anyone on the path");
    if (secret !== "" && Buffer.byteLength(secret) < MIN_SECRET_BYTES) problems.push(`FRAISEQL_WIRE_JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes long (RFC 7518 for HS256)`);
    if (audience === "") problems.push("FRAISEQL_WIRE_AUTH=jwt needs FRAISEQL_WIRE_JWT_AUDIENCE, so that tokens issued for another service are refused");
    auth = {
      mode: "jwt",
      jwks: jwks === "" ? undefined : jwks,
      issuer: issuer === "" ? undefined : issuer,
      audience,
      secret: secret === "" ? undefined : secret,
      clockSkewMs,
    };
  } else if (mode !== "none") {
    problems.push(`FRAISEQL_WIRE_AUTH=${JSON.stringify(mode)} must be none, token or jwt`);
  }
  return { tls, allowInsecure, auth };
}
