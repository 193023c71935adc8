export interface Bar {
  readonly label: string;
  readonly value: number;
  /** Text printed after the bar, e.g. "412k rows/s · 0.93×". */
  readonly note: string;
  readonly color: string;
}

export interface BarChart {
  readonly title: string;
  readonly bars: readonly Bar[];
  /** A dashed vertical line, e.g. the 0.7× target. */
  readonly marker?: { readonly value: number; readonly label: string };
}

const ROW = 26;
// Average advance of a 12 px sans-serif character: enough to keep long labels inside the picture.
const CHAR_WIDTH = 6.6;
const BAR_WIDTH = 360;
const NOTE_WIDTH = 190;
const TOP = 40;

/** Escapes text for SVG character data and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/**
 * A horizontal bar chart as a standalone SVG document (hand-written: no chart dependency), sized to
 * its bars and labels. Bars scale to the largest value or marker; negative and non-finite values draw as empty.
 */
export function svgBarChart(chart: BarChart): string {
  const max = Math.max(1e-9, ...chart.bars.map((b) => (Number.isFinite(b.value) ? b.value : 0)), chart.marker?.value ?? 0);
  const scale = (v: number): number => (Number.isFinite(v) && v > 0 ? (v / max) * BAR_WIDTH : 0);
  const LABEL_WIDTH = Math.ceil(Math.max(160, ...chart.bars.map((b) => b.label.length * CHAR_WIDTH + 16)));
  const width = LABEL_WIDTH + BAR_WIDTH + NOTE_WIDTH;
  const height = TOP + chart.bars.length * ROW + 30;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="22" font-size="14" font-weight="bold">${escapeXml(chart.title)}</text>`,
  ];
  chart.bars.forEach((bar, i) => {
    const y = TOP + i * ROW;
    const w = scale(bar.value);
    parts.push(
      `<text x="${LABEL_WIDTH - 8}" y="${y + 15}" text-anchor="end">${escapeXml(bar.label)}</text>`,
      `<rect x="${LABEL_WIDTH}" y="${y + 3}" width="${w.toFixed(1)}" height="${ROW - 8}" fill="${escapeXml(bar.color)}"/>`,
      `<text x="${(LABEL_WIDTH + w + 6).toFixed(1)}" y="${y + 15}">${escapeXml(bar.note)}</text>`,
    );
  });
  if (chart.marker !== undefined) {
    const x = (LABEL_WIDTH + scale(chart.marker.value)).toFixed(1);
    const bottom = TOP + chart.bars.length * ROW;
    parts.push(
      `<line x1="${x}" y1="${TOP - 4}" x2="${x}" y2="${bottom}" stroke="#c0392b" stroke-dasharray="4 3"/>`,
      `<text x="${x}" y="${bottom + 16}" text-anchor="middle" fill="#c0392b">${escapeXml(chart.marker.label)}</text>`,
    );
  }
  parts.push("</svg>");
  return parts.join("\n") + "\n";
}
