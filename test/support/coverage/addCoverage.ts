import type { BranchMapping, CoverageMap, FunctionMapping, Range } from "istanbul-lib-coverage";

/**
 * Adds the hit counts of `source` (child processes: tsc's output through its source maps) to the
 * same statements, functions and branches of `target` (vitest's in-process coverage of the same
 * files). The two describe the same code but disagree on positions: vite's source maps end every
 * range at the end of the line (Infinity) and the two compilers map a node's start differently
 * around erased types. Merging by exact position (istanbul's merge) would count every statement
 * twice; so they are paired by line, in order along the line (by exact start where the counts on a
 * line differ). A file `target` lacks is added as it is.
 */
export function addCoverage(target: CoverageMap, source: CoverageMap): void {
  const known = new Set(target.files());
  for (const file of source.files()) {
    if (!known.has(file)) {
      target.addFileCoverage(source.fileCoverageFor(file));
      continue;
    }
    const t = target.fileCoverageFor(file).data;
    const s = source.fileCoverageFor(file).data;
    for (const [ti, si] of pair(t.statementMap, s.statementMap, (r) => r, (r) => `${r.start.line}`)) t.s[ti]! += s.s[si]!;
    for (const [ti, si] of pair(t.fnMap, s.fnMap, (f: FunctionMapping) => f.loc, (f) => `${f.loc.start.line}`)) t.f[ti]! += s.f[si]!;
    const branchKey = (b: BranchMapping): string => `${b.loc.start.line}/${b.type}/${b.locations.length}`;
    for (const [ti, si] of pair(t.branchMap, s.branchMap, (b: BranchMapping) => b.loc, branchKey)) {
      s.b[si]!.forEach((hits, i) => (t.b[ti]![i]! += hits));
    }
  }
}

/** [target id, source id] of the entries that describe the same node; unpaired ones are left out. */
function pair<T>(target: Record<string, T>, source: Record<string, T>, rangeOf: (x: T) => Range, groupOf: (x: T) => string): [string, string][] {
  const group = (entries: Record<string, T>): Map<string, string[]> => {
    const groups = new Map<string, string[]>();
    for (const [id, x] of Object.entries(entries)) groups.set(groupOf(x), [...(groups.get(groupOf(x)) ?? []), id]);
    for (const ids of groups.values()) ids.sort((a, b) => rangeOf(entries[a]!).start.column - rangeOf(entries[b]!).start.column);
    return groups;
  };
  const start = (x: T): string => `${rangeOf(x).start.line}:${rangeOf(x).start.column}`;
  const targetGroups = group(target);
  const pairs: [string, string][] = [];
  for (const [key, sourceIds] of group(source)) {
    const targetIds = targetGroups.get(key) ?? [];
    if (targetIds.length === sourceIds.length) {
      sourceIds.forEach((id, i) => pairs.push([targetIds[i]!, id]));
      continue;
    }
    const byStart = new Map(targetIds.map((id) => [start(target[id]!), id]));
    for (const id of sourceIds) {
      const match = byStart.get(start(source[id]!));
      if (match !== undefined) pairs.push([match, id]);
    }
  }
  return pairs;
}
