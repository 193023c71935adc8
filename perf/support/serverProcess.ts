import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { freePort } from "./freePort.js";
import { readCpuSeconds, readPeakRss, readRss, resetPeakRss } from "./procfs.js";
import { repoRoot } from "./repoRoot.js";

export interface ServerProcess {
  readonly address: string;
  readonly pid: number;
  rss(): number;
  peakRss(): number;
  /** Resets the kernel's peak RSS to the current RSS; false if not permitted. */
  resetPeak(): boolean;
  cpuSeconds(): number;
  /** The last lines the server logged (stdout and stderr), for a failure report. */
  logTail(): string;
  /** SIGTERM and wait for the exit (a --cpu-prof profile is written then). */
  stop(): Promise<number | null>;
  /** SIGKILL (a crash: no drain, no goodbye to clients) and wait for the exit. */
  kill(): Promise<void>;
}

// Servers still running when this process exits for any reason are killed, never left behind.
const live = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

/** The built server (dist/src/main.js) in its own process, so its memory and CPU are its own. */
export async function spawnServer(env: Record<string, string>, nodeArgs: readonly string[] = []): Promise<ServerProcess> {
  // PERF_SERVER_MAIN runs another build (e.g. a prototype under .tmp/) against the same harness.
  const main = process.env["PERF_SERVER_MAIN"] ?? join(repoRoot(), "dist", "src", "main.js");
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`make build\` first`);
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...nodeArgs, main], {
    env: { ...process.env, FRAISEQL_WIRE_LISTEN: address, FRAISEQL_WIRE_LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  live.add(child);
  child.once("exit", () => live.delete(child));
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-200_000)));
  child.stderr!.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-200_000)));
  try {
    await waitForPort(port, child, () => output);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  const pid = child.pid!;
  return {
    address,
    pid,
    rss: () => readRss(pid),
    peakRss: () => readPeakRss(pid),
    resetPeak: () => resetPeakRss(pid),
    cpuSeconds: () => readCpuSeconds(pid),
    logTail: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        const kill = setTimeout(() => child.kill("SIGKILL"), 15_000);
        child.once("exit", (code) => {
          clearTimeout(kill);
          resolve(code);
        });
        child.kill("SIGTERM");
      }),
    kill: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGKILL");
      }),
  };
}

async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${output()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => {
        socket.end();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server did not listen on ${port}: ${output()}`);
}
