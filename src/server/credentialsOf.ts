import type { PeerCertificate } from "node:tls";
import type { Metadata } from "@grpc/grpc-js";
import type { Credentials } from "../auth/Credentials.js";

/** What every grpc-js server call offers (its ServerSurfaceCall, which grpc-js does not export). */
export interface AuthenticatedCall {
  readonly metadata: Metadata;
  getAuthContext(): { readonly sslPeerCertificate?: PeerCertificate | undefined };
}

/** The credentials a call presents: its `authorization` metadata and a verified client certificate's subject. */
export function credentialsOf(call: AuthenticatedCall): Credentials {
  const header = call.metadata.get("authorization")[0];
  const subject = call.getAuthContext().sslPeerCertificate?.subject;
  return {
    authorization: typeof header === "string" ? header : undefined,
    // RFC 4514's attribute=value form, in the certificate's order: "CN=etl,O=Example".
    peerSubject: subject === undefined ? undefined : Object.entries(subject).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join("+") : String(v)}`).join(","),
  };
}
