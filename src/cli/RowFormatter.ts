import type { Format } from "./parseCli.js";
import { TableFormatter } from "./TableFormatter.js";

/** Turns rows (JSON text) into output text, one piece at a time, so output streams. */
export interface RowFormatter {
  /** Text for one more row ("" while a formatter is still collecting). */
  row(json: string): string;
  /** Whatever is left to print after the last row. */
  end(): string;
}

export function createRowFormatter(format: Format): RowFormatter {
  switch (format) {
    case "ndjson":
      return { row: (json) => `${json}\n`, end: () => "" };
    case "json": {
      let first = true;
      // One array, written as rows arrive; JSON text from the server is already valid JSON.
      return {
        row: (json) => {
          const text = `${first ? "[\n" : ",\n"}${json}`;
          first = false;
          return text;
        },
        end: () => (first ? "[]\n" : "\n]\n"),
      };
    }
    case "table":
      return new TableFormatter();
  }
}
