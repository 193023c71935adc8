import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findTool, TOOLS_DIR, toolsRequired, whyMissing } from "../support/findTool.js";
import { knownSettings } from "./support/knownSettings.js";
import { pairsOf, readDockerfile, runtimeStage } from "./support/readDockerfile.js";
import { parseYamlObjects, renderer, renderKustomize, type K8sObject } from "./support/renderKustomize.js";
import { validateK8sObject } from "./support/validateK8sObject.js";

// k8s/ cannot be applied here (no cluster): every overlay is rendered with kustomize, every object is
// validated against the Kubernetes OpenAPI schemas (kubernetes-models; and strictly, unknown fields
// refused, by kubernetes-validate for the oldest and newest Kubernetes the manifests support), and
// the rendered Deployment is read for what running it needs.
const run = promisify(execFile);
const kubernetesValidate = findTool("kubernetes-validate", join(TOOLS_DIR, "bin", "kubernetes-validate"));
const missingRenderer = whyMissing({ "kubectl (or kustomize)": renderer });
const missingStrict = whyMissing({ "kubernetes-validate": kubernetesValidate });
const skip = missingRenderer !== "" && !toolsRequired;
const skipStrict = skip || (missingStrict !== "" && !toolsRequired);
if (skip) console.warn(`k8s: SKIPPED: ${missingRenderer}`);
else if (skipStrict) console.warn(`k8s strict validation: SKIPPED: ${missingStrict}`);

/** The oldest Kubernetes the manifests need (preStop `sleep`, Kubernetes 1.30) and the newest checked. */
const KUBERNETES_VERSIONS = ["1.30.0", "1.37.0"];
const overlays = ["dev", "prod"] as const;
const rendered = new Map<string, { yaml: string; objects: K8sObject[] }>();
let work: string;

beforeAll(async () => {
  if (skip) return;
  if (missingRenderer !== "") throw new Error(`kustomize must run here (CI): ${missingRenderer}`);
  for (const overlay of overlays) rendered.set(overlay, renderKustomize(`k8s/overlays/${overlay}`));
  work = await mkdtemp(join(tmpdir(), "fraiseql-wire-k8s-"));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

const objectsOf = (overlay: string): K8sObject[] => rendered.get(overlay)!.objects;
const one = (overlay: string, kind: string, name = "fraiseql-wire"): K8sObject & { spec: Record<string, never> } => {
  const found = objectsOf(overlay).filter((o) => o.kind === kind && o.metadata.name === name);
  expect(found, `${overlay}: ${kind}/${name}`).toHaveLength(1);
  return found[0] as never;
};
interface Container {
  image: string;
  ports: Array<{ name: string; containerPort: number }>;
  envFrom: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  startupProbe: Probe;
  readinessProbe: Probe;
  livenessProbe: Probe;
  lifecycle: { preStop: { sleep: { seconds: number } } };
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  securityContext: Record<string, unknown> & { capabilities: { drop: string[] } };
}
interface Probe {
  grpc?: { port: number; service?: string };
  periodSeconds: number;
  failureThreshold: number;
}
const podSpec = (overlay: string): Record<string, unknown> & { containers: Container[] } => (one(overlay, "Deployment").spec as never as { template: { spec: never } }).template.spec;
const container = (overlay: string): Container => podSpec(overlay).containers[0]!;
const mebibytes = (quantity: string): number => {
  const match = /^(\d+)(Mi|Gi)$/.exec(quantity);
  if (!match) throw new Error(`unexpected quantity ${quantity}`);
  return Number(match[1]) * (match[2] === "Gi" ? 1024 : 1);
};

describe(`k8s/ ${skip ? `(SKIPPED: ${missingRenderer})` : ""}`, () => {
  it.skipIf(skip).each(overlays)("overlay %s renders and every object validates against the Kubernetes schemas", (overlay) => {
    const kinds = objectsOf(overlay).map((o) => o.kind).sort();
    expect(kinds).toEqual(expect.arrayContaining(["ConfigMap", "Deployment", "HorizontalPodAutoscaler", "Namespace", "NetworkPolicy", "PodDisruptionBudget", "Service", "Service", "ServiceAccount"]));
    for (const object of objectsOf(overlay)) expect(() => validateK8sObject(object), `${object.kind}/${object.metadata.name}`).not.toThrow();
    for (const object of objectsOf(overlay)) if (object.kind !== "Namespace") expect(object.metadata.namespace, object.kind).toBe(overlay === "prod" ? "fraiseql-wire" : "fraiseql-wire-dev");
  });

  it.skipIf(skip)("the schema validation can fail: a wrongly typed field is refused", () => {
    const broken = structuredClone(one("prod", "Deployment")) as never as { spec: { template: { spec: { containers: Array<{ resources: unknown }> } } } };
    broken.spec.template.spec.containers[0]!.resources = { limits: { memory: { gibibytes: 1 } } };
    expect(() => validateK8sObject(broken as never)).toThrow(/memory/);
  });

  it.skipIf(skip)("the example Secrets validate and hold placeholders only", () => {
    const secrets = parseYamlObjects(readFileSync("k8s/base/secret.example.yaml", "utf8"));
    expect(secrets.map((s) => s.metadata.name)).toEqual(["fraiseql-wire", "fraiseql-wire-tls"]);
    for (const secret of secrets) {
      expect(() => validateK8sObject(secret)).not.toThrow();
      for (const value of Object.values(secret["stringData"] as Record<string, string>)) expect(value).toContain("CHANGE-ME");
    }
    expect(Object.keys(secrets[0]!["stringData"] as object)).toEqual(["DATABASE_URL"]);
    // The Deployment reads the first by name; the dev overlay generates one of that name.
    expect(container("prod").envFrom).toContainEqual({ secretRef: { name: "fraiseql-wire" } });
  });

  it.skipIf(skipStrict).each(KUBERNETES_VERSIONS)("every object passes strict validation (no unknown field) for Kubernetes %s", async (version) => {
    if (missingStrict !== "") throw new Error(`kubernetes-validate must run here (CI): ${missingStrict}`);
    const files = [];
    for (const overlay of overlays) {
      const file = join(work, `${overlay}.yaml`);
      await writeFile(file, rendered.get(overlay)!.yaml);
      files.push(file);
    }
    files.push("k8s/base/secret.example.yaml");
    const result = await run(kubernetesValidate!, ["--strict", "--quiet", "-k", version, ...files]).catch((e: { stdout: string; stderr: string }) => e);
    expect(`${result.stdout}${result.stderr}`).toBe("");
  });

  it.skipIf(skipStrict)("strict validation can fail: a misspelt probe is refused", async () => {
    const file = join(work, "typo.yaml");
    await writeFile(file, rendered.get("prod")!.yaml.replace("readinessProbe:", "readinesProbe:"));
    const result = await run(kubernetesValidate!, ["--strict", "--quiet", "-k", KUBERNETES_VERSIONS[0]!, file]).then(
      () => "passed",
      (e: { stdout: string }) => e.stdout,
    );
    expect(result).toContain("'readinesProbe' was unexpected");
  });

  it.skipIf(skip).each(overlays)("%s: native gRPC startup, readiness and liveness probes on the health service's port", (overlay) => {
    const c = container(overlay);
    const grpcPort = c.ports.find((p) => p.name === "grpc")!.containerPort;
    const configMap = one(overlay, "ConfigMap")["data"] as Record<string, string>;
    expect(configMap["FRAISEQL_WIRE_LISTEN"]).toBe(`0.0.0.0:${grpcPort}`);
    for (const probe of [c.startupProbe, c.readinessProbe, c.livenessProbe]) {
      expect(probe.grpc).toEqual({ port: grpcPort });
      expect(Object.keys(probe)).not.toContain("exec");
    }
    // Readiness drops a NOT_SERVING replica sooner than liveness restarts it.
    const window = (p: Probe): number => p.periodSeconds * p.failureThreshold;
    expect(window(c.readinessProbe)).toBeLessThan(window(c.livenessProbe));
    expect(window(c.startupProbe)).toBeGreaterThanOrEqual(30);
  });

  it.skipIf(skip).each(overlays)("%s: terminationGracePeriodSeconds covers the preStop delay and FRAISEQL_WIRE_SHUTDOWN_GRACE_MS", (overlay) => {
    const graceMs = Number((one(overlay, "ConfigMap")["data"] as Record<string, string>)["FRAISEQL_WIRE_SHUTDOWN_GRACE_MS"]);
    const preStopMs = container(overlay).lifecycle.preStop.sleep.seconds * 1000;
    expect(preStopMs).toBeGreaterThanOrEqual(3000);
    expect(graceMs).toBeGreaterThan(0);
    expect(Number(podSpec(overlay)["terminationGracePeriodSeconds"]) * 1000).toBeGreaterThan(preStopMs + graceMs);
  });

  it.skipIf(skip).each(overlays)("%s: non-root as the image's user, read-only root filesystem, no capabilities, RuntimeDefault seccomp", (overlay) => {
    const [uid, gid] = runtimeStage(readDockerfile()).find((i) => i.keyword === "USER")!.args.split(":").map(Number);
    const pod = podSpec(overlay);
    expect(pod["securityContext"]).toMatchObject({ runAsNonRoot: true, runAsUser: uid, runAsGroup: gid, seccompProfile: { type: "RuntimeDefault" } });
    expect(container(overlay).securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: uid,
      runAsGroup: gid,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(pod["automountServiceAccountToken"]).toBe(false);
    expect(one(overlay, "Namespace", overlay === "prod" ? "fraiseql-wire" : "fraiseql-wire-dev").metadata.labels).toMatchObject({ "pod-security.kubernetes.io/enforce": "restricted" });
  });

  it.skipIf(skip)("prod: replicas spread across nodes, memory sized from make load's measured peak, the released image", () => {
    const spread = podSpec("prod")["topologySpreadConstraints"] as Array<{ topologyKey: string; labelSelector: unknown }>;
    expect(spread.map((s) => s.topologyKey)).toContain("kubernetes.io/hostname");
    // perf/results/load.json: the highest server RSS of any `make load` scenario (10 concurrent streams).
    const load = JSON.parse(readFileSync("perf/results/load.json", "utf8")) as { results: Array<{ serverPeakRss: number }> };
    const peakMiB = Math.max(...load.results.map((r) => r.serverPeakRss)) / 2 ** 20;
    const { requests, limits } = container("prod").resources;
    expect(mebibytes(limits["memory"]!)).toBeGreaterThanOrEqual(peakMiB * 1.25);
    expect(mebibytes(requests["memory"]!)).toBe(mebibytes(limits["memory"]!));
    expect(requests["cpu"]).toBeDefined();
    const version = (JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version;
    expect(container("prod").image).toBe(`ghcr.io/fraiseql/fraiseql-wire:${version}`);
    expect(one("prod", "HorizontalPodAutoscaler").spec).toMatchObject({ minReplicas: 3, scaleTargetRef: { kind: "Deployment", name: "fraiseql-wire" } });
  });

  it.skipIf(skip).each(overlays)("%s: a gRPC Service, a headless one for client-side balancing, a PDB and an HPA on the same pods", (overlay) => {
    const podLabels = (one(overlay, "Deployment").spec as never as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels;
    const selects = (selector: Record<string, string>): void => expect(podLabels).toMatchObject(selector);
    const service = one(overlay, "Service").spec as never as { selector: Record<string, string>; ports: Array<Record<string, unknown>> };
    expect(service.ports).toEqual([{ name: "grpc", port: 50051, targetPort: "grpc", protocol: "TCP", appProtocol: "grpc" }]);
    selects(service.selector);
    const headless = one(overlay, "Service", "fraiseql-wire-headless").spec as never as { clusterIP: string; selector: Record<string, string>; ports: Array<{ appProtocol: string }> };
    expect(headless.clusterIP).toBe("None");
    expect(headless.ports[0]!.appProtocol).toBe("grpc");
    selects(headless.selector);
    selects((one(overlay, "PodDisruptionBudget").spec as never as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels);
    const hpa = one(overlay, "HorizontalPodAutoscaler").spec as never as { metrics: Array<{ resource: { name: string } }> };
    expect(hpa.metrics.map((m) => m.resource.name)).toEqual(["cpu"]);
  });

  it.skipIf(skip).each(overlays)("%s: the NetworkPolicy admits only gRPC in, and only PostgreSQL and DNS out", (overlay) => {
    const policy = one(overlay, "NetworkPolicy").spec as never as {
      policyTypes: string[];
      ingress: Array<{ ports: Array<{ port: number }> }>;
      egress: Array<{ ports: Array<{ port: number; protocol: string }> }>;
    };
    expect(policy.policyTypes).toEqual(["Ingress", "Egress"]);
    expect(policy.ingress.flatMap((r) => r.ports.map((p) => p.port))).toEqual([50051]);
    expect(policy.egress.flatMap((r) => r.ports.map((p) => `${p.port}/${p.protocol}`))).toEqual(["5432/TCP", "53/UDP", "53/TCP"]);
  });

  it.skipIf(skip).each(overlays)("%s: the ConfigMap sets only settings the server knows; secrets are not in it", (overlay) => {
    const data = one(overlay, "ConfigMap")["data"] as Record<string, string>;
    for (const key of Object.keys(data)) expect(knownSettings.has(key), key).toBe(true);
    expect(data["DATABASE_URL"]).toBeUndefined();
    expect(data["FRAISEQL_WIRE_ALLOW_INSECURE"]).toBe("true");
    expect(container(overlay).envFrom).toContainEqual({ configMapRef: { name: "fraiseql-wire" } });
    // The image's own listen address, unchanged.
    expect(data["FRAISEQL_WIRE_LISTEN"]).toBe(pairsOf(runtimeStage(readDockerfile()), "ENV")["FRAISEQL_WIRE_LISTEN"]);
  });

  it.skipIf(skip)("dev: one Secret generated for the Deployment, one to two replicas", () => {
    const secrets = objectsOf("dev").filter((o) => o.kind === "Secret");
    expect(secrets).toHaveLength(1);
    expect(container("dev").envFrom).toContainEqual({ secretRef: { name: secrets[0]!.metadata.name } });
    expect(one("dev", "HorizontalPodAutoscaler").spec).toMatchObject({ minReplicas: 1, maxReplicas: 2 });
  });
});
