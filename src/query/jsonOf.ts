import type { FilterValue } from "./FilterValue.js";

/** The JSON text of a literal, as bound to a `::jsonb` parameter. Numbers keep their exact digits. */
export function jsonOf(value: FilterValue): string {
  switch (value.type) {
    case "string":
      return JSON.stringify(value.value);
    case "number":
      return value.text;
    case "boolean":
      return value.value ? "true" : "false";
    case "null":
      return "null";
  }
}
