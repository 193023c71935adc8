import { settings } from "./settings.js";

/** The environment section of `--help`: every setting, its default and what it does. */
export function helpText(): string {
  const lines = settings.map((s) => {
    const def = s.defaultValue === undefined ? "(required)" : `(default ${s.defaultValue})`;
    return `  ${s.env} ${def}\n      ${s.description}`;
  });
  return `Environment:\n${lines.join("\n")}\n`;
}
