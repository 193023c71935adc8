interface Family {
  help: string | undefined;
  type: string | undefined;
  readonly samples: string[];
}

/**
 * Several processes' metrics in the Prometheus text format as one exposition: each metric family
 * once (its HELP and TYPE lines, then every process's samples), in the order families first appear.
 * Concatenating the texts would repeat a family's TYPE line, which the format forbids (Prometheus
 * refuses the scrape). The processes' series must differ by a label already (fraiseql_wire_worker).
 */
export function mergeMetricTexts(texts: readonly string[]): string {
  const families = new Map<string, Family>();
  const family = (name: string): Family => {
    let found = families.get(name);
    if (found === undefined) {
      found = { help: undefined, type: undefined, samples: [] };
      families.set(name, found);
    }
    return found;
  };
  for (const text of texts) {
    let current: Family | undefined;
    for (const line of text.split("\n")) {
      const meta = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
      if (meta !== null) {
        current = family(meta[2]!);
        if (meta[1] === "HELP") current.help ??= line;
        else current.type ??= line;
      } else if (line.startsWith("#") || line.trim() === "") {
        continue;
      } else {
        // A sample belongs to the family named last (a histogram's _bucket, _sum and _count too).
        (current ?? family(/^[^{\s]+/.exec(line)![0])).samples.push(line);
      }
    }
  }
  let out = "";
  for (const { help, type, samples } of families.values()) {
    if (help !== undefined) out += `${help}\n`;
    if (type !== undefined) out += `${type}\n`;
    for (const sample of samples) out += `${sample}\n`;
  }
  return out;
}
