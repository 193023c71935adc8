import { connect, type TLSSocket } from "node:tls";
import type { Socket } from "node:net";
import { isIP } from "node:net";
import type { DatabaseTls } from "./DatabaseTls.js";

// PostgreSQL's SSLRequest: length 8, code 1234 5679 (protocol docs, "SSL Session Encryption").
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 4, 210, 22, 47]);

/**
 * Upgrades a connected socket to TLS the way libpq does: SSLRequest, then a TLS handshake if
 * PostgreSQL answers "S". Done here, not by postgres.js, so that the pool holds the TLS socket
 * itself: closing the plain socket under a TLS one (a lost connection, a failed login) left TLS
 * writes failing with EBADF on a socket nobody listened to, which would end the process.
 */
export function startTls(socket: Socket, host: string, tls: DatabaseTls, timeoutMs: number): Promise<Socket | TLSSocket> {
  let timer: NodeJS.Timeout | undefined;
  const upgraded = new Promise<Socket | TLSSocket>((resolve, reject) => {
    const fail = (error: Error): void => {
      socket.destroy();
      reject(error);
    };
    // The handshake is bounded like a connect (postgres.js's connect_timeout starts only after it).
    timer = setTimeout(() => fail(Object.assign(new Error("TLS negotiation with PostgreSQL timed out"), { code: "CONNECT_TIMEOUT" })), timeoutMs);
    socket.once("close", () => reject(Object.assign(new Error("the connection closed during TLS negotiation"), { code: "CONNECTION_CLOSED" })));
    socket.once("error", fail);
    socket.once("data", (answer: Buffer) => {
      socket.off("error", fail);
      if (answer[0] !== 0x53) {
        if (tls.fallback) return resolve(socket);
        return fail(Object.assign(new Error("PostgreSQL does not accept TLS connections (it answered the SSLRequest with N)"), { code: "DATABASE_TLS_REFUSED" }));
      }
      const secure = connect({ ...tls.options, socket, ...(isIP(host) ? {} : { servername: host }), host });
      const failTls = (error: Error): void => {
        secure.destroy();
        reject(error);
      };
      secure.once("error", failTls);
      secure.once("secureConnect", () => {
        secure.off("error", failTls);
        resolve(secure);
      });
    });
    socket.write(SSL_REQUEST);
  });
  return upgraded.finally(() => clearTimeout(timer));
}
