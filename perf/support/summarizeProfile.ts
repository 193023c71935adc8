/** The parts of a V8 .cpuprofile (node --cpu-prof) that a self-time summary needs. */
export interface CpuProfile {
  readonly nodes: readonly { readonly id: number; readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number } }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ProfileLine {
  readonly name: string;
  readonly ms: number;
  readonly share: number;
}

/** Where a frame's code lives: an npm package, node internals, our own dist/, or a V8 pseudo-frame. */
export function frameArea(url: string, functionName: string): string {
  if (url === "") return functionName.startsWith("(") ? functionName : "(native)";
  if (url.startsWith("node:")) return "node internals";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg !== null) return pkg[1]!;
  const own = /\/dist\/(src|generated)\/(.+)$/.exec(url);
  return own === null ? url : `${own[1]}/${own[2]}`;
}

/**
 * Self time per function and per area (package), busiest first. "(idle)" is time the thread waited;
 * shares are of the non-idle time, which is what the CPU cost of a stream is made of.
 */
export function summarizeProfile(profile: CpuProfile, top = 15): { functions: ProfileLine[]; areas: ProfileLine[]; busyMs: number; idleMs: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const functions = new Map<string, number>();
  const areas = new Map<string, number>();
  let idle = 0;
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id);
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    if (frame === undefined) return;
    if (frame.functionName === "(idle)") {
      idle += ms;
      return;
    }
    busy += ms;
    const area = frameArea(frame.url, frame.functionName);
    const name = `${frame.functionName || "(anonymous)"} ${area}${frame.url === "" ? "" : `:${frame.lineNumber + 1}`}`;
    functions.set(name, (functions.get(name) ?? 0) + ms);
    areas.set(area, (areas.get(area) ?? 0) + ms);
  });
  const ranked = (m: Map<string, number>): ProfileLine[] =>
    [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, ms]) => ({ name, ms, share: busy === 0 ? 0 : ms / busy }));
  return { functions: ranked(functions), areas: ranked(areas), busyMs: busy, idleMs: idle };
}
