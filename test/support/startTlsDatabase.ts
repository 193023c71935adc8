import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startScratchDatabase } from "../../perf/support/scratchDatabase.js";
import type { TestLeaf } from "./testCertificates.js";

export interface TlsDatabase {
  /** postgres://postgres:postgres@127.0.0.1:<port>/postgres, without TLS parameters. */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * An embedded PostgreSQL 17 with ssl=on, the given server certificate, and a pg_hba.conf that takes
 * only TLS connections with SCRAM-SHA-256 passwords: a plaintext or password-less login is refused,
 * so a test that connects has used both.
 */
export function startTlsDatabase(serverCert: TestLeaf): Promise<TlsDatabase> {
  return startScratchDatabase({
    name: "fraiseql-wire-tlspg-",
    prepare: (dir) => {
      const conf = join(dir, "conf");
      mkdirSync(conf);
      copyFileSync(serverCert.cert, join(conf, "server.crt"));
      copyFileSync(serverCert.key, join(conf, "server.key"));
      writeFileSync(join(conf, "pg_hba.conf"), "hostssl all all 127.0.0.1/32 scram-sha-256\nhostnossl all all 0.0.0.0/0 reject\n");
      // PostgreSQL reads them as its own user and wants its key file private (0600, its own).
      if (process.getuid?.() === 0) {
        const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
        const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
        for (const f of ["", "server.crt", "server.key", "pg_hba.conf"]) chownSync(join(conf, f), uid, gid);
      }
      chmodSync(join(conf, "server.key"), 0o600);
      return [
        "-c", "ssl=on",
        "-c", `ssl_cert_file=${join(conf, "server.crt")}`,
        "-c", `ssl_key_file=${join(conf, "server.key")}`,
        "-c", `hba_file=${join(conf, "pg_hba.conf")}`,
      ];
    },
  });
}
