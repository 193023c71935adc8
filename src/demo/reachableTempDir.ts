import { tmpdir } from "node:os";
import { reachableByOthers } from "./reachableByOthers.js";

/**
 * The temp folder for what PostgreSQL's own user must reach (binaries, data): os.tmpdir(), or /tmp
 * when TMPDIR points into a folder others cannot enter (such as /root/tmp).
 */
export async function reachableTempDir(): Promise<string> {
  const preferred = tmpdir();
  return (await reachableByOthers(preferred)) ? preferred : "/tmp";
}
