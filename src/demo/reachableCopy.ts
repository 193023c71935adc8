import { chmod, cp, lstat, mkdtemp, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isOwnDirectory } from "./isOwnDirectory.js";
import { reachableTempDir } from "./reachableTempDir.js";

// Written last into a copy: how many entries it holds. Temp cleaners (systemd-tmpfiles) delete old
// files one by one, and a copy missing a few files must be made again rather than half-work.
const MANIFEST = ".fraiseql-wire-entries";

/**
 * A copy of the `source` folder that any user can read and run, at <temp>/<name>: made once and
 * reused after. It is made under a random name and renamed into place, so that nobody ever uses a
 * half-made copy, and two processes making it at once both end up with one whole copy.
 */
export async function reachableCopy(source: string, name: string): Promise<string> {
  const root = await reachableTempDir();
  const target = join(root, name);
  if (await isOwnDirectory(target)) {
    if (await isComplete(target)) return target;
    await rm(target, { recursive: true, force: true });
  } else if (await lstat(target).then(() => true, () => false)) {
    throw new Error(`${target} exists but was not made by this user or others may write to it; remove it`);
  }
  const staging = await mkdtemp(join(root, `${name}.partial-`));
  try {
    await cp(source, staging, { recursive: true, verbatimSymlinks: true });
    await writeFile(join(staging, MANIFEST), String((await readdir(staging, { recursive: true })).length));
    await chmod(staging, 0o755);
    await rename(staging, target);
    return target;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if ((await isOwnDirectory(target)) && (await isComplete(target))) return target;
    throw error;
  }
}

async function isComplete(dir: string): Promise<boolean> {
  const expected = await readFile(join(dir, MANIFEST), "utf8").catch(() => "");
  return expected !== "" && Number(expected) === (await readdir(dir, { recursive: true })).length - 1;
}
