import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { freePort } from "../../../perf/support/freePort.js";
import { repoRoot } from "../../../perf/support/repoRoot.js";

export interface FaultServer {
  readonly address: string;
  readonly pid: number;
  readonly env: Readonly<Record<string, string>>;
  /** Resolves when the process has exited, with its exit code or signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
  /** The last 200 kB of its stdout and stderr (one access line per call adds up in storms). */
  logTail(): string;
  /** Every line it printed, since it started, that speaks of an unhandled rejection or uncaught exception. */
  crashLines(): string[];
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM (a graceful drain) and wait for the exit; SIGKILL after 20 s. */
  stop(): Promise<void>;
  /** Once this process has exited (kill it first): a new one with the same env on the same address. */
  respawn(): Promise<FaultServer>;
}

const CRASH = /unhandled|uncaught/i;
const live = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

/** Open file descriptors of a process (sockets included), from /proc/<pid>/fd. */
export function fdCount(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/**
 * The built server (dist/src/main.js) in a process of its own, so that it can be killed and its fds
 * counted. Like perf/support/serverProcess.ts, but it may listen on a given address (a new process
 * on the port of a killed one) and it reports its exit and every crash line, not only a tail.
 */
export async function spawnFaultServer(env: Record<string, string>, address?: string): Promise<FaultServer> {
  const main = join(repoRoot(), "dist", "src", "main.js");
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`make build\` first`);
  const listen = address ?? `127.0.0.1:${await freePort()}`;
  const child = spawn(process.execPath, [main], {
    // One process unless a case asks for workers: the faults act on the server's own pid and fds.
    env: { ...process.env, FRAISEQL_WIRE_WORKERS: "1", ...env, FRAISEQL_WIRE_LISTEN: listen },
    stdio: ["ignore", "pipe", "pipe"],
  });
  live.add(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    }),
  );
  let output = "";
  let partial = "";
  const crashes: string[] = [];
  const keep = (d: Buffer): void => {
    const text = d.toString();
    output = (output + text).slice(-200_000);
    const lines = (partial + text).split("\n");
    partial = lines.pop()!;
    crashes.push(...lines.filter((line) => CRASH.test(line)));
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const alive = (): boolean => child.exitCode === null && child.signalCode === null;
  try {
    await waitForListen(listen, alive, () => output);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return {
    address: listen,
    pid: child.pid!,
    env,
    exited,
    alive,
    logTail: () => output,
    crashLines: () => (CRASH.test(partial) ? [...crashes, partial] : [...crashes]),
    kill: (signal) => void child.kill(signal),
    stop: async () => {
      if (!alive()) return;
      const force = setTimeout(() => child.kill("SIGKILL"), 20_000);
      child.kill("SIGTERM");
      await exited;
      clearTimeout(force);
    },
    respawn: async () => {
      await exited;
      return spawnFaultServer(env, listen);
    },
  };
}

async function waitForListen(address: string, alive: () => boolean, output: () => string): Promise<void> {
  const [host, port] = [address.slice(0, address.lastIndexOf(":")), Number(address.slice(address.lastIndexOf(":") + 1))];
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`server exited before listening on ${address}: ${output()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, host, () => {
        socket.end();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server did not listen on ${address} within 20 s: ${output()}`);
}
