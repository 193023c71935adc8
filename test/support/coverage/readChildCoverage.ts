import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { mergeProcessCovs, type ProcessCov } from "@bcoe/v8-coverage";
import astV8ToIstanbul from "ast-v8-to-istanbul";
import libCoverage, { type CoverageMap } from "istanbul-lib-coverage";
import { parseAstAsync } from "vitest/node";

/**
 * The raw V8 coverage that child processes wrote into `dir` (NODE_V8_COVERAGE), for the built files
 * under `<root>/dist/src/`, as istanbul coverage of the TypeScript sources (through tsc's source maps).
 */
export async function readChildCoverage(dir: string, root: string): Promise<CoverageMap> {
  const map = libCoverage.createCoverageMap({});
  if (!existsSync(dir)) return map;
  const prefix = pathToFileURL(join(root, "dist", "src")).href + "/";
  let merged: ProcessCov = { result: [] };
  for (const name of await readdir(dir)) {
    if (!name.endsWith(".json")) continue;
    const raw = JSON.parse(await readFile(join(dir, name), "utf8")) as ProcessCov;
    merged = mergeProcessCovs([merged, { result: raw.result.filter((s) => s.url.startsWith(prefix)) }]);
  }
  for (const script of merged.result) {
    const path = fileURLToPath(script.url);
    if (!existsSync(`${path}.map`)) continue;
    const code = await readFile(path, "utf8");
    const sourceMap = JSON.parse(await readFile(`${path}.map`, "utf8")) as { sources: string[] };
    sourceMap.sources = sourceMap.sources.map((source) => new URL(source, script.url).href);
    const converted = await astV8ToIstanbul({
      code,
      sourceMap: sourceMap as Parameters<typeof astV8ToIstanbul>[0]["sourceMap"],
      ast: parseAstAsync(code),
      coverage: { functions: script.functions, url: script.url },
      wrapperLength: 0,
    });
    map.merge(converted);
  }
  return map;
}
