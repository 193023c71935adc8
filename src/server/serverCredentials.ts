import { experimental, ServerCredentials } from "@grpc/grpc-js";
import type { TlsMaterial } from "../auth/TlsMaterial.js";

type Provider = experimental.CertificateProvider;

/**
 * The listener's credentials: plaintext without TLS material, else TLS through grpc-js's certificate
 * provider interface, so that reloaded files reach new handshakes (setSecureContext) while open
 * connections keep going. With a client CA, a client without a certificate signed by it is refused
 * during the handshake (mTLS).
 */
export function serverCredentials(tls: TlsMaterial | undefined): ServerCredentials {
  if (tls === undefined) return ServerCredentials.createInsecure();
  const identity = new Set<experimental.IdentityCertificateUpdateListener>();
  const ca = new Set<experimental.CaCertificateUpdateListener>();
  tls.onChange((files) => {
    for (const l of identity) l({ certificate: files.cert, privateKey: files.key });
    if (files.clientCa !== undefined) for (const l of ca) l({ caCertificate: files.clientCa });
  });
  const provider: Provider = {
    // Answered on the next tick: grpc-js subscribes before it registers the watcher that applies
    // the update, and an update delivered at once would be lost (every handshake then refused).
    addIdentityCertificateListener: (l) => {
      identity.add(l);
      queueMicrotask(() => l({ certificate: tls.files.cert, privateKey: tls.files.key }));
    },
    removeIdentityCertificateListener: (l) => void identity.delete(l),
    addCaCertificateListener: (l) => {
      ca.add(l);
      queueMicrotask(() => tls.files.clientCa !== undefined && l({ caCertificate: tls.files.clientCa }));
    },
    removeCaCertificateListener: (l) => void ca.delete(l),
  };
  const requireClientCertificate = tls.files.clientCa !== undefined;
  return experimental.createCertificateProviderServerCredentials(provider, requireClientCertificate ? provider : null, requireClientCertificate);
}
