import { readFileSync, writeFileSync } from "node:fs";

// Linux reports utime/stime in clock ticks; USER_HZ is 100 on every mainstream kernel build.
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * A process and its descendants (a server with FRAISEQL_WIRE_WORKERS > 1 is a primary and its
 * workers): every figure below is the sum over them. A process that exited meanwhile counts 0.
 */
export function processTree(pid: number): number[] {
  const all = [pid];
  for (let i = 0; i < all.length; i++) {
    try {
      const children = readFileSync(`/proc/${all[i]}/task/${all[i]}/children`, "utf8").trim();
      if (children !== "") all.push(...children.split(" ").map(Number));
    } catch {
      // gone, or no children file on this kernel: the process alone
    }
  }
  return all;
}

function sumOver(pid: number, read: (pid: number) => number): number {
  let total = 0;
  for (const p of processTree(pid)) {
    try {
      total += read(p);
    } catch {
      // exited between the listing and the read
    }
  }
  return total;
}

function statusField(pid: number, field: string): number {
  return sumOver(pid, (p) => {
    const status = readFileSync(`/proc/${p}/status`, "utf8");
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
    return match === null ? 0 : Number(match[1]) * 1024;
  });
}

/** Resident set size of a process now (bytes). */
export function readRss(pid: number): number {
  return statusField(pid, "VmRSS");
}

/** Peak resident set size since start or since the last resetPeakRss (bytes). */
export function readPeakRss(pid: number): number {
  return statusField(pid, "VmHWM");
}

/**
 * Resets a process's peak RSS to its current RSS (`echo 5 > /proc/<pid>/clear_refs`, Linux ≥ 4.0,
 * own processes or root). Returns false when the kernel refuses; callers then fall back to sampling.
 */
export function resetPeakRss(pid: number): boolean {
  try {
    for (const p of processTree(pid)) writeFileSync(`/proc/${p}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

/** User + system CPU seconds a process has used (fields 14 and 15 of /proc/<pid>/stat). */
export function readCpuSeconds(pid: number): number {
  return sumOver(pid, (p) => {
    const stat = readFileSync(`/proc/${p}/stat`, "utf8");
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  });
}
