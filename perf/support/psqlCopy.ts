import { runChild } from "./runChild.js";
import { PSQL } from "./stageProjects.js";

/**
 * The practical limit: psql's `\copy (select data from <view>) to /dev/null` over the same loopback
 * connection, timed from process start to exit (psql's own start-up is a few ms of a multi-second run).
 * With `orderBy`, the same rows in that order (a keyed entity streams ordered by its key: docs/resume.md).
 * `view` and `orderBy` are perf constants, never input.
 */
export async function psqlCopySeconds(url: string, view: string, orderBy?: string): Promise<number> {
  const order = orderBy === undefined ? "" : ` order by ${orderBy}`;
  const { seconds } = await runChild<string>(PSQL, [url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", `\\copy (select data from ${view}${order}) to /dev/null`], {
    json: false,
  });
  return seconds;
}
