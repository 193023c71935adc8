import { settings } from "../../../src/config/settings.js";

/**
 * Settings the deployment files already set or leave placeholders for, which other issues add to
 * the server (each name as its issue fixes it). Until they land the server ignores them; once they are
 * in src/config/settings.ts, their entry here is redundant and may go.
 */
const comingSettings = {
  FRAISEQL_WIRE_ALLOW_INSECURE: "issue 12: plaintext on a non-loopback address must be asked for",
  FRAISEQL_WIRE_AUTH: "issue 12: none | token | jwt",
  FRAISEQL_WIRE_TLS_CERT: "issue 12",
  FRAISEQL_WIRE_TLS_KEY: "issue 12",
  FRAISEQL_WIRE_TLS_CLIENT_CA: "issue 12",
  FRAISEQL_WIRE_RESUME_KEY: "issue 10: resume token key",
} as const;

/** Every FRAISEQL_WIRE_* (and DATABASE_URL) name a deployment file may set. */
export const knownSettings: ReadonlySet<string> = new Set([...settings.map((s) => s.env), ...Object.keys(comingSettings)]);
