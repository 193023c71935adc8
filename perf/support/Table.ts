/** A titled table, rendered as text for the terminal and as Markdown for BENCHMARKS.md. */
export interface Table {
  readonly title: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** A sentence printed under the table: how to read it. */
  readonly note?: string;
}
