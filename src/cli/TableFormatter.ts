import type { RowFormatter } from "./RowFormatter.js";

const SAMPLE_ROWS = 100;
const MAX_WIDTH = 40;
/** The column for documents that are not objects (arrays, strings, numbers…). */
const VALUE_COLUMN = "(value)";

/**
 * An aligned text table. Columns are the top-level keys of the first 100 rows, widths fit those
 * rows (at most 40 characters, longer values are cut with …); then rows stream with the same
 * layout, so memory stays bounded whatever the result size. Keys first seen later are not shown.
 */
export class TableFormatter implements RowFormatter {
  private sample: unknown[] | undefined = [];
  private columns: string[] = [];
  private widths: number[] = [];

  row(json: string): string {
    const value: unknown = JSON.parse(json);
    if (this.sample === undefined) return `${this.pad(this.cells(value))}\n`;
    this.sample.push(value);
    return this.sample.length < SAMPLE_ROWS ? "" : this.flush();
  }

  end(): string {
    return this.sample === undefined ? "" : this.flush();
  }

  private flush(): string {
    const sample = this.sample ?? [];
    this.sample = undefined;
    const keys = new Set<string>();
    for (const row of sample) {
      if (isObject(row)) for (const key of Object.keys(row)) keys.add(key);
      else keys.add(VALUE_COLUMN);
    }
    this.columns = [...keys];
    const rows = sample.map((r) => this.cells(r));
    this.widths = this.columns.map((c, i) => Math.min(MAX_WIDTH, Math.max(c.length, ...rows.map((cells) => cells[i]!.length))));
    const rule = this.widths.map((w) => "-".repeat(w)).join("-+-");
    return [this.pad(this.columns), rule, ...rows.map((cells) => this.pad(cells))].map((l) => `${l}\n`).join("");
  }

  private cells(value: unknown): string[] {
    return this.columns.map((c) => (isObject(value) ? cell(value[c]) : c === VALUE_COLUMN ? cell(value) : ""));
  }

  private pad(cells: readonly string[]): string {
    return cells
      .map((c, i) => {
        const w = this.widths[i]!;
        return c.length > w ? `${c.slice(0, w - 1)}…` : c.padEnd(w);
      })
      .join(" | ")
      .trimEnd();
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Strings as they are (control characters escaped, so a row stays one line); others as JSON. */
function cell(value: unknown): string {
  if (value === undefined) return "";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
}
