import { WireError } from "./WireError.js";

const OPERATORS = "Operators: check that PostgreSQL is running (pg_isready) and that the host and port in the server's DATABASE_URL are right.";

// postgres.js names its own connection failures (CONNECTION_CLOSED, CONNECT_TIMEOUT, ...); Node's
// socket errors use errno names. Each maps to what happened and what to do about it.
const UNAVAILABLE: Readonly<Record<string, string>> = {
  ECONNREFUSED: `the connection was refused: nothing listens at the database's host and port. Retry after a short delay. ${OPERATORS}`,
  ENOTFOUND: "the database host name does not resolve. Retry after a short delay. Operators: check the host name in the server's DATABASE_URL and DNS.",
  EAI_AGAIN: "the database host name could not be resolved right now (DNS). Retry after a short delay. Operators: check DNS.",
  CONNECT_TIMEOUT: `connecting timed out (FRAISEQL_WIRE_CONNECT_TIMEOUT_MS). Retry after a short delay. ${OPERATORS} Check firewalls too.`,
  ETIMEDOUT: `the network timed out. Retry after a short delay. ${OPERATORS} Check firewalls too.`,
  EHOSTUNREACH: `the database host is unreachable. Retry after a short delay. ${OPERATORS}`,
  ENETUNREACH: `the database network is unreachable. Retry after a short delay. ${OPERATORS}`,
};
const LOST = "the connection was closed or reset while in use (PostgreSQL restarted, or a proxy or firewall dropped it). Retry after a short delay; if rows had arrived, resume from nextOffset (ErrorInfo metadata).";
for (const code of ["ECONNRESET", "EPIPE", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED"]) {
  (UNAVAILABLE as Record<string, string>)[code] = LOST;
}

// postgres.js's own authentication failures: a misconfigured server.
const AUTH: Readonly<Record<string, string>> = {
  SASL_SIGNATURE_MISMATCH: "PostgreSQL's SCRAM signature did not match (a proxy in between, or a wrong password)",
  AUTH_TYPE_NOT_IMPLEMENTED: "PostgreSQL asked for an authentication method the server does not support; use scram-sha-256 or md5 in pg_hba.conf",
};

// Node's TLS checks of PostgreSQL's certificate (sslmode=verify-ca or verify-full): the server does
// not trust the database, so it does not send it the password.
const TLS: Readonly<Record<string, string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: "the database's certificate is self-signed and not the sslrootcert in DATABASE_URL",
  SELF_SIGNED_CERT_IN_CHAIN: "the database's certificate chain ends in a CA that is not the sslrootcert in DATABASE_URL",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the database's certificate is not signed by the sslrootcert in DATABASE_URL",
  UNABLE_TO_GET_ISSUER_CERT: "the database's certificate is not signed by the sslrootcert in DATABASE_URL",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the database's certificate is not signed by the sslrootcert in DATABASE_URL",
  CERT_SIGNATURE_FAILURE: "the database's certificate signature does not verify against the sslrootcert in DATABASE_URL",
  CERT_HAS_EXPIRED: "the database's certificate has expired",
  CERT_NOT_YET_VALID: "the database's certificate is not valid yet (check the clocks)",
  ERR_TLS_CERT_ALTNAME_INVALID: "the database's certificate does not name the host in DATABASE_URL (sslmode=verify-full checks it)",
  ERR_SSL_WRONG_VERSION_NUMBER: "the database did not answer in TLS (is ssl on in postgresql.conf?)",
  EPROTO: "the TLS handshake with the database failed",
  DATABASE_TLS_REFUSED: "the database does not accept TLS connections (ssl is off in postgresql.conf) while sslmode in DATABASE_URL requires TLS",
};

/** Maps a postgres.js connection error or a Node socket/TLS error into the catalog, else undefined. */
export function fromNodeError(error: unknown): WireError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return undefined;
  const lost = UNAVAILABLE[code];
  if (lost !== undefined) {
    return new WireError("DATABASE_UNAVAILABLE", `the database is unavailable (${code}): ${lost}`, { cause: error, metadata: { errorCode: code } });
  }
  const auth = AUTH[code];
  if (auth !== undefined) {
    return new WireError(
      "DATABASE_AUTH_FAILED",
      `the server cannot log in to its database (${code}): ${auth}. Retrying will not help: operators must fix the server's DATABASE_URL or PostgreSQL's configuration and restart it.`,
      { cause: error, metadata: { errorCode: code } },
    );
  }
  const tls = TLS[code];
  if (tls !== undefined) {
    return new WireError(
      "DATABASE_TLS_FAILED",
      `the server cannot open a trusted TLS connection to its database (${code}): ${tls}. Retrying will not help: operators must fix sslmode or sslrootcert in the server's DATABASE_URL, or the database's certificate, and restart the server.`,
      { cause: error, metadata: { errorCode: code } },
    );
  }
  return undefined;
}
