import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** PEM files made for one test: a CA, and certificates it signed. */
export interface TestCa {
  readonly dir: string;
  readonly caCert: string;
  readonly caKey: string;
  /** A leaf certificate signed by this CA: its files and PEM text. */
  issue(name: string, options?: { subject?: string; hosts?: readonly string[]; client?: boolean }): TestLeaf;
}

export interface TestLeaf {
  readonly cert: string;
  readonly key: string;
  readonly certPem: Buffer;
  readonly keyPem: Buffer;
}

function openssl(args: string[], cwd: string): void {
  execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
}

/**
 * A throwaway certificate authority made with the openssl command line (on the machine, as in any
 * PostgreSQL or gRPC deployment). Keys are EC P-256, certificates valid for a day.
 */
export function createTestCa(label = "fraiseql-wire test CA", dir = mkdtempSync(join(tmpdir(), "fraiseql-wire-ca-"))): TestCa {
  const caKey = join(dir, "ca.key");
  const caCert = join(dir, "ca.crt");
  openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", caKey], dir);
  openssl(["req", "-x509", "-new", "-key", caKey, "-sha256", "-days", "1", "-subj", `/CN=${label}`, "-out", caCert,
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"], dir);
  let serial = 1;
  return {
    dir,
    caCert,
    caKey,
    issue: (name, options = {}) => {
      const key = join(dir, `${name}.key`);
      const csr = join(dir, `${name}.csr`);
      const cert = join(dir, `${name}.crt`);
      const ext = join(dir, `${name}.ext`);
      const hosts = options.hosts ?? ["127.0.0.1", "localhost"];
      const san = hosts.map((h) => (/^[\d.]+$|:/.test(h) ? `IP:${h}` : `DNS:${h}`)).join(",");
      writeFileSync(ext, [`subjectAltName=${san}`, `extendedKeyUsage=${options.client ? "clientAuth" : "serverAuth"}`, "basicConstraints=CA:FALSE"].join("\n"));
      openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key], dir);
      openssl(["req", "-new", "-key", key, "-subj", options.subject ?? `/CN=${name}`, "-out", csr], dir);
      openssl(["x509", "-req", "-in", csr, "-CA", caCert, "-CAkey", caKey, "-set_serial", String(serial++ + Math.floor(Math.random() * 1e6)), "-days", "1", "-sha256", "-extfile", ext, "-out", cert], dir);
      return { cert, key, certPem: readFileSync(cert), keyPem: readFileSync(key) };
    },
  };
}
