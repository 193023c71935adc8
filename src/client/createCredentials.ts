import { credentials, type ChannelCredentials } from "@grpc/grpc-js";
import type { WireClientOptions } from "./WireClientOptions.js";

const bytes = (pem: Buffer | string | undefined): Buffer | null => (pem === undefined ? null : Buffer.from(pem));

/** Channel credentials from the options: plaintext unless tls is set. */
export function createCredentials(tls: WireClientOptions["tls"]): ChannelCredentials {
  if (tls === undefined || tls === false) return credentials.createInsecure();
  if (tls === true) return credentials.createSsl();
  return credentials.createSsl(bytes(tls.rootCerts), bytes(tls.privateKey), bytes(tls.certChain));
}
