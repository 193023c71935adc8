import { readFileSync } from "node:fs";
import { availableParallelism, loadavg, release, totalmem } from "node:os";
import postgres from "postgres";

export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly kernel: string;
  readonly node: string;
  readonly postgres: string;
  /** 1-minute load average when the run started: these machines are shared. */
  readonly loadAverage: number;
}

/** The machine a run measured, from /proc/cpuinfo, os and the database itself. */
export async function machineInfo(url: string): Promise<MachineInfo> {
  const cpuinfo = readFileSync("/proc/cpuinfo", "utf8");
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  let version = "unknown";
  try {
    const [row] = await sql<{ v: string }[]>`select current_setting('server_version') as v`;
    version = row?.v ?? version;
  } finally {
    await sql.end();
  }
  return {
    cpu: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? "unknown",
    cores: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: release(),
    node: process.version,
    postgres: `PostgreSQL ${version}`,
    loadAverage: Math.round(loadavg()[0]! * 100) / 100,
  };
}
