import { existsSync, readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { knownSettings } from "./support/knownSettings.js";

// docker-compose.yml cannot be run here (no Docker engine, no compose plugin): it is validated
// against the Compose Specification's JSON schema (vendored: test/delivery/schemas/README.md) and
// read for what the stack must do.
interface Service {
  image?: string;
  build?: string;
  profiles?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  read_only?: boolean;
  cap_drop?: string[];
  stop_grace_period?: string;
}
const text = readFileSync("docker-compose.yml", "utf8");

/** The vendored schema, compiled. It is draft-07, Ajv's default; its `$schema` spells the draft's URL
 * in a form Ajv does not map to its built-in meta-schema, so that one key is left out. */
function composeSchema(): ValidateFunction {
  const { $schema: _, ...schema } = JSON.parse(readFileSync("test/delivery/schemas/compose-spec.json", "utf8")) as Record<string, unknown>;
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}
const compose = parse(text, { merge: true }) as { services: Record<string, Service> };
const services = compose.services;

describe("docker-compose.yml", () => {
  it("is valid against the Compose Specification schema", () => {
    const validate = composeSchema();
    // Validated as written, merge keys (<<) resolved, as docker compose reads it.
    const valid = validate(parse(text, { merge: true }));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("the schema check can fail: a misspelt key is refused", () => {
    const validate = composeSchema();
    const broken = parse(text, { merge: true }) as { services: Record<string, Record<string, unknown>> };
    broken.services["wire"]!["depends_onn"] = broken.services["wire"]!["depends_on"];
    expect(validate(broken)).toBe(false);
  });

  it("runs postgres:17 loaded with test/fixtures by its init scripts", () => {
    const pg = services["postgres"]!;
    expect(pg.image).toBe("postgres:17");
    const init = (pg.volumes ?? []).map((v) => v.split(":")).filter(([, target]) => target!.startsWith("/docker-entrypoint-initdb.d/"));
    expect(init.map(([source]) => source)).toEqual(["./test/fixtures/schema.sql", "./test/fixtures/seed_data.sql", "./deploy/compose/30-wire-role.sh"]);
    for (const [source] of init) expect(existsSync(source!), source).toBe(true);
    // Run in name order: schema, then seed, then the role that needs both.
    const targets = init.map(([, target]) => target!);
    expect([...targets].sort()).toEqual(targets);
  });

  it("builds the service from the Dockerfile and starts it only once PostgreSQL is healthy", () => {
    const wire = services["wire"]!;
    expect(wire.build).toBe(".");
    expect(wire.depends_on).toEqual({ postgres: { condition: "service_healthy" } });
    expect(wire.ports).toEqual(["127.0.0.1:50051:50051"]);
    expect(wire.environment!["FRAISEQL_WIRE_SCHEMAS"]).toBe("test_staging");
    expect(wire.environment!["DATABASE_URL"]).toMatch(/^postgres:\/\/fraiseql_wire:[^@]+@postgres:5432\/wire$/);
  });

  it("gives every long-running service a healthcheck; the service's is `fraiseql-wire health`", () => {
    for (const [name, service] of Object.entries(services)) expect(service.healthcheck?.test, name).toBeDefined();
    expect(services["wire"]!.healthcheck!.test).toEqual(["CMD", "/nodejs/bin/node", "/app/dist/src/cli/main.js", "health"]);
  });

  it("runs the service as in production: read-only, no capabilities, a stop grace above the drain's", () => {
    for (const name of ["wire", "wire-faults", "wire-observed"]) {
      const s = services[name]!;
      expect(s.read_only, name).toBe(true);
      expect(s.cap_drop, name).toEqual(["ALL"]);
      expect(Number.parseInt(s.stop_grace_period!, 10) * 1000, name).toBeGreaterThan(10_000);
    }
  });

  it("profile faults: toxiproxy between a second server and PostgreSQL", () => {
    const toxiproxy = services["toxiproxy"]!;
    const faulty = services["wire-faults"]!;
    expect(toxiproxy.profiles).toEqual(["faults"]);
    expect(faulty.profiles).toEqual(["faults"]);
    const proxies = JSON.parse(readFileSync("deploy/compose/toxiproxy.json", "utf8")) as Array<{ name: string; listen: string; upstream: string }>;
    expect(proxies).toEqual([expect.objectContaining({ upstream: "postgres:5432" })]);
    const port = proxies[0]!.listen.split(":").pop();
    expect(faulty.environment!["DATABASE_URL"]).toContain(`@toxiproxy:${port}/`);
    expect(faulty.depends_on).toEqual({ toxiproxy: { condition: "service_healthy" } });
    // Only the faults profile adds services; a plain `docker compose up` is PostgreSQL and the service.
    expect(Object.entries(services).filter(([, s]) => s.profiles === undefined).map(([n]) => n)).toEqual(["postgres", "wire"]);
  });

  it("profile observability: a server with its Prometheus endpoint, scraped by Prometheus, shown by Grafana with the repository's dashboard", () => {
    const observed = services["wire-observed"]!;
    const prometheus = services["prometheus"]!;
    const grafana = services["grafana"]!;
    for (const s of [observed, prometheus, grafana]) expect(s.profiles).toEqual(["observability"]);
    const listen = observed.environment!["FRAISEQL_WIRE_METRICS_LISTEN"]!;
    const scrape = parse(readFileSync("deploy/compose/prometheus.yml", "utf8")) as { scrape_configs: Array<{ static_configs: Array<{ targets: string[] }> }> };
    expect(scrape.scrape_configs.flatMap((c) => c.static_configs.flatMap((t) => t.targets))).toEqual([`wire-observed:${listen.split(":").pop()}`]);
    // Grafana loads the dashboard from docs/grafana through a file provider, with Prometheus as its data source.
    const mounts = Object.fromEntries((grafana.volumes ?? []).map((v) => v.split(":") as [string, string]));
    const provider = parse(readFileSync("deploy/compose/grafana/provisioning/dashboards/fraiseql-wire.yaml", "utf8")) as { providers: Array<{ options: { path: string } }> };
    expect(mounts["./docs/grafana"]).toBe(provider.providers[0]!.options.path);
    expect(existsSync("docs/grafana/fraiseql-wire.json")).toBe(true);
    const sources = parse(readFileSync("deploy/compose/grafana/provisioning/datasources/prometheus.yaml", "utf8")) as { datasources: Array<{ type: string; url: string }> };
    expect(sources.datasources).toEqual([expect.objectContaining({ type: "prometheus", url: "http://prometheus:9090" })]);
    expect(prometheus.ports).toEqual(["127.0.0.1:9090:9090"]);
  });

  it("sets only settings the server knows", () => {
    for (const [name, service] of Object.entries(services)) {
      if (!name.startsWith("wire")) continue;
      for (const key of Object.keys(service.environment ?? {})) expect(knownSettings.has(key), `${name}: ${key}`).toBe(true);
    }
  });
});
