/** A start-up configuration problem; the message says which variable and how to fix it. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}\nRun with --help to list every setting.`);
  }
}
