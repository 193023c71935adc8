/** A literal a filter can compare with: JSON scalars (bigint for exact big integers). */
export type FilterValue = string | number | bigint | boolean | null;

/**
 * Writes a value as a filter literal. Strings use JSON escapes, which the filter language accepts
 * as they are (docs/filters.md), plus \\* for each star, so any string round-trips as exact text;
 * numbers must be finite.
 */
export function formatValue(value: FilterValue): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      // \* keeps a star literal: an unescaped * at either end of a string is an AIP-160 wildcard.
      return JSON.stringify(value).replaceAll("*", "\\*");
    case "boolean":
    case "bigint":
      return String(value);
    case "number":
      if (!Number.isFinite(value)) throw new RangeError(`${value} cannot be compared: JSON has no NaN or Infinity`);
      return JSON.stringify(value);
    default:
      throw new TypeError(`a filter value must be a string, number, bigint, boolean or null, not ${typeof value}`);
  }
}
