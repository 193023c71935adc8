import { settings } from "./settings.js";

/** The environment section of `--help`: every setting, its default and what it does. */
export function helpText(): string {
  const lines = settings.map((s) => {
    const def = "required" in s ? "(required)" : s.defaultValue === undefined ? "(not set by default)" : `(default ${s.defaultValue})`;
    return `  ${s.env} ${def}\n      ${s.description}`;
  });
  return `Environment:\n${lines.join("\n")}\n`;
}
