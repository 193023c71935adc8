/** Turns rows (JSON text) into output text, one piece at a time, so output streams. */
export interface RowFormatter {
  /** Text for one more row ("" while a formatter is still collecting). */
  row(json: string): string;
  /** Whatever is left to print after the last row. */
  end(): string;
}
