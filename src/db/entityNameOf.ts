/** The entity name of a relation: its name without the first configured prefix it starts with. */
export function entityNameOf(relation: string, prefixes: readonly string[]): string | undefined {
  const prefix = prefixes.find((p) => relation.startsWith(p) && relation.length > p.length);
  return prefix === undefined ? undefined : relation.slice(prefix.length);
}
