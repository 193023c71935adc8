/**
 * The key column types a statement whose values travel as settings (`SqlParams` "settings") may
 * cast its `id` value to: our own constants, never text from the request. A view whose `id` has
 * another type is read with bound parameters (a cursor) instead.
 */
export const SETTING_KEY_TYPES: ReadonlySet<string> = new Set(["uuid", "integer", "bigint", "smallint", "text", "character varying", "numeric"]);

/** The custom setting that carries value `n` of a statement in "settings" mode. */
export const settingName = (n: number): string => `fraiseql_wire.p${n}`;

/**
 * The bind parameters of one statement. Every value is sent as a string and cast in the SQL text,
 * so what PostgreSQL receives never depends on driver type inference, and no input character ever
 * becomes part of the SQL text.
 *
 * In "settings" mode (for `COPY (select …) TO STDOUT`, which takes no bind parameters, issue 11)
 * value n is read in the text as `current_setting('fraiseql_wire.pn')` with the same cast, and
 * the stream sets it beforehand, bound, in the same transaction: `select set_config('fraiseql_wire.pn',
 * $n, true)`. The text is the same for any values; current_setting is STABLE, so PostgreSQL still
 * uses it as an index condition (it is evaluated once, when the scan starts).
 */
export class SqlParams {
  readonly #values: string[] = [];
  readonly #settings: boolean;
  readonly #keyType: string | undefined;

  /** `keyType` (one of SETTING_KEY_TYPES): the cast of the key value in "settings" mode. */
  constructor(mode: "bind" | "settings" = "bind", keyType?: string) {
    this.#settings = mode === "settings";
    if (this.#settings && keyType !== undefined && !SETTING_KEY_TYPES.has(keyType)) throw new RangeError(`key type ${keyType} is not one a setting may be cast to`);
    this.#keyType = keyType;
  }

  /**
   * Binds `value` and returns its placeholder, e.g. `$3::bigint`. JSON is bound as text and then
   * cast (`$2::text::jsonb`): a parameter PostgreSQL reports as jsonb makes postgres.js run
   * JSON.stringify on it, which would turn the JSON text "3" into the JSON string "\"3\"".
   */
  bind(value: string, type: "text" | "jsonb" | "bigint"): string {
    this.#values.push(value);
    const n = this.#values.length;
    if (this.#settings) return `current_setting('${settingName(n)}')::${type}`;
    return type === "jsonb" ? `$${n}::text::jsonb` : `$${n}::${type}`;
  }

  /**
   * Binds `value` without a cast, for a comparison with a column whose type the catalog did not
   * report (the key `id`): PostgreSQL infers the parameter's type from the column, so `"id" > $4`
   * compares integers with integers and uuids with uuids. In "settings" mode the key's type from
   * the catalog is the cast.
   */
  bindUntyped(value: string): string {
    this.#values.push(value);
    const n = this.#values.length;
    if (!this.#settings) return `$${n}`;
    if (this.#keyType === undefined) throw new RangeError("a key value in settings mode needs the key column's type");
    return `current_setting('${settingName(n)}')::${this.#keyType}`;
  }

  get values(): readonly string[] {
    return [...this.#values];
  }
}
