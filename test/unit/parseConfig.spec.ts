import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/ConfigError.js";
import { helpText } from "../../src/config/helpText.js";
import { parseConfig } from "../../src/config/parseConfig.js";
import { redactUrl } from "../../src/config/redactUrl.js";
import { settings } from "../../src/config/settings.js";

const URL = "postgres://app:s3cret@db.internal:5432/app";

function problems(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe("parseConfig", () => {
  it("applies the documented defaults", () => {
    const config = parseConfig({ DATABASE_URL: URL });
    expect(config).toMatchObject({
      listen: "127.0.0.1:50051",
      schemas: ["public"],
      viewPrefixes: ["v_", "tv_"],
      poolSize: 10,
      chunkBytes: 1048576,
      maxChunkBytes: 4000000,
      debugErrors: false,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("reads whole-view streams through COPY unless FRAISEQL_WIRE_COPY is off, and refuses other values", () => {
    expect(parseConfig({ DATABASE_URL: URL }).copy).toBe(true);
    expect(parseConfig({ DATABASE_URL: URL, FRAISEQL_WIRE_COPY: "off" }).copy).toBe(false);
    expect(parseConfig({ DATABASE_URL: URL, FRAISEQL_WIRE_COPY: "on" }).copy).toBe(true);
    expect(problems({ DATABASE_URL: URL, FRAISEQL_WIRE_COPY: "yes" })).toEqual(['FRAISEQL_WIRE_COPY="yes" must be on or off']);
  });

  it("reads lists in order and trims them", () => {
    expect(parseConfig({ DATABASE_URL: URL, FRAISEQL_WIRE_SCHEMAS: " public , test_staging " }).schemas).toEqual(["public", "test_staging"]);
  });

  it("says what to fix for a missing DATABASE_URL", () => {
    expect(problems({})).toEqual([expect.stringContaining("DATABASE_URL is not set")]);
  });

  it("reports every bad setting at once, naming the variable and the accepted range", () => {
    const found = problems({
      DATABASE_URL: URL,
      FRAISEQL_WIRE_POOL_SIZE: "zero",
      FRAISEQL_WIRE_LISTEN: "localhost",
      FRAISEQL_WIRE_SCHEMAS: "public,bad-name",
      FRAISEQL_WIRE_LOG_LEVEL: "loud",
    });
    expect(found).toHaveLength(4);
    expect(found.join("\n")).toMatch(/FRAISEQL_WIRE_POOL_SIZE="zero" must be a whole number from 1 to 1000/);
    expect(found.join("\n")).toMatch(/FRAISEQL_WIRE_LISTEN="localhost" must be host:port/);
    expect(found.join("\n")).toMatch(/"bad-name" is not a valid schema name/);
  });

  it("refuses a default above its maximum", () => {
    expect(problems({ DATABASE_URL: URL, FRAISEQL_WIRE_CHUNK_BYTES: "2000000", FRAISEQL_WIRE_MAX_CHUNK_BYTES: "1000000" })).toEqual([
      expect.stringContaining("must not exceed FRAISEQL_WIRE_MAX_CHUNK_BYTES"),
    ]);
  });

  it("serves no metrics endpoint by default, and reads FRAISEQL_WIRE_METRICS_LISTEN as host:port", () => {
    expect(parseConfig({ DATABASE_URL: URL }).metricsListen).toBeUndefined();
    expect(parseConfig({ DATABASE_URL: URL, FRAISEQL_WIRE_METRICS_LISTEN: "0.0.0.0:9464" }).metricsListen).toEqual({ host: "0.0.0.0", port: 9464 });
    expect(parseConfig({ DATABASE_URL: URL, FRAISEQL_WIRE_METRICS_LISTEN: "[::]:9464" }).metricsListen).toEqual({ host: "::", port: 9464 });
    expect(problems({ DATABASE_URL: URL, FRAISEQL_WIRE_METRICS_LISTEN: "9464" })).toEqual([expect.stringContaining("FRAISEQL_WIRE_METRICS_LISTEN=\"9464\" must be host:port")]);
    expect(problems({ DATABASE_URL: URL, FRAISEQL_WIRE_METRICS_LISTEN: "127.0.0.1:0" })).toHaveLength(1);
  });

  it("never prints the password of a bad DATABASE_URL", () => {
    const found = problems({ DATABASE_URL: "mysql://app:s3cret@db/app" });
    expect(found.join("\n")).not.toContain("s3cret");
    expect(redactUrl(URL)).toBe("postgres://app:***@db.internal:5432/app");
  });

  it("needs TLS or FRAISEQL_WIRE_ALLOW_INSECURE=true, and an explicit FRAISEQL_WIRE_AUTH, to listen beyond loopback", () => {
    expect(problems({ DATABASE_URL: URL, FRAISEQL_WIRE_LISTEN: "0.0.0.0:50051" })).toEqual([
      expect.stringMatching(/^FRAISEQL_WIRE_LISTEN=0\.0\.0\.0:50051 is not a loopback address and TLS is off: set FRAISEQL_WIRE_TLS_CERT/),
      expect.stringMatching(/^FRAISEQL_WIRE_AUTH is not set/),
    ]);
    const mesh = parseConfig({ DATABASE_URL: URL, FRAISEQL_WIRE_LISTEN: "0.0.0.0:50051", FRAISEQL_WIRE_ALLOW_INSECURE: "true", FRAISEQL_WIRE_AUTH: "none" });
    expect(mesh).toMatchObject({ allowInsecure: true, auth: { mode: "none" }, tls: undefined });
    const mtls = parseConfig({ DATABASE_URL: URL, FRAISEQL_WIRE_LISTEN: "[::]:50051", FRAISEQL_WIRE_TLS_CERT: "c.pem", FRAISEQL_WIRE_TLS_KEY: "k.pem", FRAISEQL_WIRE_TLS_CLIENT_CA: "ca.pem" });
    expect(mtls).toMatchObject({ auth: { mode: "none" }, tls: { certFile: "c.pem", keyFile: "k.pem", clientCaFile: "ca.pem" } });
    for (const loopback of ["127.0.0.1:1", "localhost:1", "[::1]:1", "127.1.2.3:1"]) expect(problems({ DATABASE_URL: URL, FRAISEQL_WIRE_LISTEN: loopback })).toEqual([]);
  });

  it("checks the authentication settings together", () => {
    expect(problems({ DATABASE_URL: URL, FRAISEQL_WIRE_AUTH: "token" })).toEqual([expect.stringContaining("needs FRAISEQL_WIRE_TOKENS_FILE")]);
    expect(problems({ DATABASE_URL: URL, FRAISEQL_WIRE_AUTH: "jwt", FRAISEQL_WIRE_JWT_JWKS: "http://idp/jwks", FRAISEQL_WIRE_JWT_SECRET: "short" })).toEqual([
      expect.stringContaining("https:// URL"),
      expect.stringContaining("at least 32 bytes"),
      expect.stringContaining("needs FRAISEQL_WIRE_JWT_AUDIENCE"),
    ]);
    expect(problems({ DATABASE_URL: URL, FRAISEQL_WIRE_AUTH: "basic" })).toEqual([expect.stringContaining("must be none, token or jwt")]);
    expect(problems({ DATABASE_URL: URL, FRAISEQL_WIRE_TLS_CERT: "c.pem" })).toEqual([expect.stringContaining("must be set together")]);
    expect(problems({ DATABASE_URL: URL, FRAISEQL_WIRE_DB_ROLES: "reader, bad role" })).toEqual([expect.stringContaining('"bad role" is not a valid role name')]);
  });

  it("lists every setting in --help", () => {
    const help = helpText();
    for (const s of settings) expect(help).toContain(s.env);
  });
});

describe("README", () => {
  it("documents every setting with its default", async () => {
    const { readFileSync } = await import("node:fs");
    const readme = readFileSync("README.md", "utf8");
    for (const s of settings) {
      expect(readme).toContain(`| \`${s.env}\` |`);
      if (s.defaultValue !== undefined) expect(readme).toContain(`| \`${s.env}\` | \`${s.defaultValue}\` |`);
    }
  });
});
