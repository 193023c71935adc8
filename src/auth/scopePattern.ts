// "*", "name", "schema.name" or "schema.*": no whitespace, at most one dot, no empty part.
const PATTERN = /^(\*|[^\s.*]+(\.([^\s.*]+|\*))?)$/;

/** Whether `text` is a valid entity pattern (token file `entities`, JWT `wire:read:<pattern>`). */
export function isScopePattern(text: string): boolean {
  return PATTERN.test(text);
}
