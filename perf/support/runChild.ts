import { spawn } from "node:child_process";

export interface ChildResult<T> {
  readonly value: T;
  readonly seconds: number;
}

/**
 * Runs a command to completion and parses the last line of its stdout as JSON (or returns the
 * whole stdout with `json: false`). `onStart` gets the
 * pid (to sample its memory). Fails with the child's stderr when it exits non-zero or times out.
 */
export function runChild<T>(
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; onStart?: (pid: number) => void; json?: boolean } = {},
): Promise<ChildResult<T>> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 600_000);
    child.on("spawn", () => options.onStart?.(child.pid!));
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`${command} ${args[0] ?? ""} exited with ${code ?? signal}: ${stderr.trim()}`));
      if (options.json === false) return resolve({ value: stdout as T, seconds });
      const last = stdout.trim().split("\n").pop() ?? "";
      try {
        resolve({ value: (last === "" ? undefined : JSON.parse(last)) as T, seconds });
      } catch {
        reject(new Error(`${command}: last output line is not JSON: ${last.slice(0, 200)}`));
      }
    });
  });
}

/** Runs a compiled perf script (dist/perf/<name>.js) with the same Node binary. */
export function runNodeScript<T>(script: string, args: readonly string[], options: Parameters<typeof runChild>[2] = {}): Promise<ChildResult<T>> {
  return runChild<T>(process.execPath, [script, ...args], options);
}
