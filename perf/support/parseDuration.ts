const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600 };

/**
 * Seconds in a soak duration: "90s", "5m", "1.5h", or a bare number meaning minutes ("30" = 30 min).
 * Throws on anything else, so a typo fails before a long run starts rather than after.
 */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([smh]?)$/.exec(text.trim());
  if (match === null) throw new Error(`not a duration: "${text}" (use 90s, 5m, 2h, or minutes as a number)`);
  const seconds = Number(match[1]) * UNITS[match[2] || "m"]!;
  if (!(seconds > 0)) throw new Error(`duration must be positive: "${text}"`);
  return seconds;
}
