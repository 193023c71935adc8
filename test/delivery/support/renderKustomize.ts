import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { findTool, TOOLS_DIR } from "../../support/findTool.js";

/** A Kubernetes object as rendered: loosely typed, read by the tests. */
export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> } } & Record<string, unknown>;

const kubectl = findTool("kubectl");
const kustomize = findTool("kustomize", join(TOOLS_DIR, "bin", "kustomize"));

/** How to render, or undefined when neither kubectl nor kustomize is installed. */
export const renderer: string | undefined = kubectl ?? kustomize;

/** `kubectl kustomize DIR` (or `kustomize build DIR`): the objects an apply would send. */
export function renderKustomize(dir: string): { yaml: string; objects: K8sObject[] } {
  if (renderer === undefined) throw new Error("neither kubectl nor kustomize is installed: run scripts/install-tools.sh");
  const args = renderer === kubectl ? ["kustomize", dir] : ["build", dir];
  const yaml = execFileSync(renderer, args, { encoding: "utf8" });
  return { yaml, objects: parseYamlObjects(yaml) };
}

/** Every document of a multi-document YAML text, comments and empty documents left out. */
export function parseYamlObjects(yaml: string): K8sObject[] {
  return parseAllDocuments(yaml)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}
