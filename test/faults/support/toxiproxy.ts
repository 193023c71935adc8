import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { freePort } from "../../../perf/support/freePort.js";
import { findTool, TOOLS_DIR, toolsRequired, whyMissing } from "../../support/findTool.js";

/** toxiproxy's server, as scripts/install-tools.sh installs it; undefined when it is not there. */
export const toxiproxyServerPath = findTool("toxiproxy-server", join(TOOLS_DIR, "bin", "toxiproxy-server"));
/** "" when toxiproxy is installed; otherwise why not, with the fix. */
export const toxiproxyMissing = whyMissing({ "toxiproxy-server": toxiproxyServerPath });
/**
 * Scenarios skip, saying why, when toxiproxy is missing; under CI=true or FRAISEQL_WIRE_REQUIRE_TOOLS=true
 * they run anyway and fail (startToxiproxy throws).
 */
export const faultsSkipped = toxiproxyMissing !== "" && !toolsRequired;
if (faultsSkipped) console.warn(`fault suite: SKIPPED: ${toxiproxyMissing}`);

/** Which way the toxic acts: upstream is server → PostgreSQL, downstream is PostgreSQL → server. */
export type Direction = "upstream" | "downstream";

/** The toxics the suite uses, with toxiproxy's own attribute names (README "Toxics"). */
export type Toxic =
  | { type: "latency"; latency: number; jitter?: number } // ms added to each chunk
  | { type: "timeout"; timeout: number } // stop all data; close after `timeout` ms (0: never)
  | { type: "reset_peer"; timeout: number } // TCP RST after `timeout` ms
  | { type: "bandwidth"; rate: number } // KB/s
  | { type: "slicer"; average_size: number; size_variation: number; delay: number }; // bytes, bytes, µs

export interface Proxy {
  readonly name: string;
  /** 127.0.0.1:<port> that toxiproxy listens on; connect here instead of the upstream. */
  readonly listen: string;
  /** Adds a toxic and returns its name (for removeToxic). */
  addToxic(toxic: Toxic, direction?: Direction, name?: string): Promise<string>;
  removeToxic(name: string): Promise<void>;
  /** A disabled proxy closes its connections and refuses new ones. */
  setEnabled(enabled: boolean): Promise<void>;
}

export interface Toxiproxy {
  createProxy(name: string, upstream: string): Promise<Proxy>;
  /** Removes every toxic and enables every proxy. */
  reset(): Promise<void>;
  stop(): Promise<void>;
  logTail(): string;
}

const live = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

/** Starts `toxiproxy-server` on a free loopback port (never on all interfaces) and waits for its API. */
export async function startToxiproxy(): Promise<Toxiproxy> {
  if (toxiproxyServerPath === undefined) throw new Error(`toxiproxy must run here (CI): ${toxiproxyMissing}`);
  const port = await freePort();
  const api = `http://127.0.0.1:${port}`;
  const child = spawn(toxiproxyServerPath, ["-host", "127.0.0.1", "-port", String(port)], {
    env: { ...process.env, LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  live.add(child);
  child.once("exit", () => live.delete(child));
  let output = "";
  const keep = (d: Buffer): void => void (output = (output + d.toString()).slice(-20_000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);

  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${api}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`toxiproxy ${method} ${path}: ${response.status} ${text}`);
    return text === "" ? undefined : (JSON.parse(text) as unknown);
  };

  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`toxiproxy-server exited with ${child.exitCode}: ${output}`);
    if (await call("GET", "/version").then(() => true, () => false)) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`toxiproxy-server did not answer on ${api}: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  let toxics = 0;
  const proxy = (name: string, listen: string): Proxy => ({
    name,
    listen,
    addToxic: async (toxic, direction = "downstream", toxicName = `${toxic.type}_${direction}_${++toxics}`) => {
      const { type, ...attributes } = toxic;
      await call("POST", `/proxies/${name}/toxics`, { name: toxicName, type, stream: direction, toxicity: 1, attributes });
      return toxicName;
    },
    removeToxic: async (toxicName) => void (await call("DELETE", `/proxies/${name}/toxics/${toxicName}`)),
    setEnabled: async (enabled) => void (await call("POST", `/proxies/${name}`, { enabled })),
  });

  return {
    createProxy: async (name, upstream) => {
      // Port 0: toxiproxy picks a free one and reports it, so no other process can take it first.
      const created = (await call("POST", "/proxies", { name, listen: "127.0.0.1:0", upstream, enabled: true })) as { listen: string };
      return proxy(name, created.listen);
    },
    reset: async () => void (await call("POST", "/reset")),
    logTail: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
