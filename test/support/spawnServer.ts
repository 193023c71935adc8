import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "./startDatabase.js";

export interface ServerProcess {
  readonly address: string;
  readonly child: ChildProcess;
  /** Resident set size of the server process, from /proc (bytes). */
  rss(): number;
  stop(): Promise<number | null>;
}

/** The built server (dist/src/main.js) in its own process, so its memory can be measured alone. */
export async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const main = join(process.cwd(), "dist", "src", "main.js");
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`make build\` (make test does) before this test`);
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, FRAISEQL_WIRE_LISTEN: address, FRAISEQL_WIRE_LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  await waitForPort(port, child, () => output);
  return {
    address,
    child,
    rss: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1] ?? 0) * 1024,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once("exit", (code) => resolve(code));
        child.kill("SIGTERM");
      }),
  };
}

async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const { connect } = await import("node:net");
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
