/**
 * The bind parameters of one statement. Every value is sent as a string and cast in the SQL text,
 * so what PostgreSQL receives never depends on driver type inference, and no input character ever
 * becomes part of the SQL text.
 */
export class SqlParams {
  readonly #values: string[] = [];

  /**
   * Binds `value` and returns its placeholder, e.g. `$3::bigint`. JSON is bound as text and then
   * cast (`$2::text::jsonb`): a parameter PostgreSQL reports as jsonb makes postgres.js run
   * JSON.stringify on it, which would turn the JSON text "3" into the JSON string "\"3\"".
   */
  bind(value: string, type: "text" | "jsonb" | "bigint"): string {
    this.#values.push(value);
    const placeholder = `$${this.#values.length}`;
    return type === "jsonb" ? `${placeholder}::text::jsonb` : `${placeholder}::${type}`;
  }

  /**
   * Binds `value` without a cast, for a comparison with a column whose type the catalog did not
   * report (the key `id`): PostgreSQL infers the parameter's type from the column, so `"id" > $4`
   * compares integers with integers and uuids with uuids.
   */
  bindUntyped(value: string): string {
    this.#values.push(value);
    return `$${this.#values.length}`;
  }

  get values(): readonly string[] {
    return [...this.#values];
  }
}
