import { runChild } from "./runChild.js";
import { PSQL } from "./stageProjects.js";

/**
 * The practical limit: psql's `\copy (select data from <view>) to /dev/null` over the same loopback
 * connection, timed from process start to exit (psql's own start-up is a few ms of a multi-second run).
 * `view` is a perf constant, never input.
 */
export async function psqlCopySeconds(url: string, view: string): Promise<number> {
  const { seconds } = await runChild<string>(PSQL, [url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", `\\copy (select data from ${view}) to /dev/null`], {
    json: false,
  });
  return seconds;
}
