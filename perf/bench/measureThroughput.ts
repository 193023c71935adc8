import type { Contender, ContenderResult, RunResult } from "./Contender.js";

/**
 * Runs every contender once per round, rounds interleaved so that a noisy neighbour slows all of
 * them alike; each contender's ratio to the limit is taken within a round. A contender that
 * returns the wrong row count fails the whole run: a fast wrong answer is not a result.
 */
export async function measureThroughput(
  list: readonly Contender[],
  expectedRows: number,
  rounds: number,
  log: (line: string) => void,
): Promise<ContenderResult[]> {
  const runs = list.map((): RunResult[] => []);
  for (let round = 1; round <= rounds; round++) {
    for (const [i, contender] of list.entries()) {
      const result = await contender.run();
      if (result.rows !== expectedRows) throw new Error(`${contender.name}: read ${result.rows} rows, expected ${expectedRows}`);
      runs[i]!.push(result);
      log(`  round ${round}/${rounds}  ${contender.name.padEnd(48)} ${result.seconds.toFixed(2).padStart(7)} s  ${Math.round(result.rows / result.seconds).toLocaleString("en-US").padStart(9)} rows/s`);
    }
  }
  const limitIndex = list.findIndex((c) => c.kind === "limit");
  return list.map((contender, i) => ({
    name: contender.name,
    kind: contender.kind,
    runs: runs[i]!,
    ratios: runs[i]!.map((run, round) => {
      const limit = runs[limitIndex]![round]!;
      return limit.seconds / run.seconds; // same rows: the rows/s ratio is the inverse time ratio
    }),
  }));
}
