import type { Format } from "./parseCli.js";
import type { RowFormatter } from "./RowFormatter.js";
import { TableFormatter } from "./TableFormatter.js";

/** The formatter for `--format`: ndjson and json write each row at once; table lays out the first 100. */
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
