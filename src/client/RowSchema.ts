/** A zod-like schema: anything with safeParse (preferred, no exceptions) or parse. */
export type ParseSchema<T> =
  | {
      /** Checks a row without throwing: the (possibly transformed) row, or why it was refused. */
      safeParse(row: unknown):
        | {
            /** Accepted. */
            success: true;
            /** The row to yield. */
            data: T;
          }
        | {
            /** Refused. */
            success: false;
            /** Why. */
            error: unknown;
          };
    }
  | {
      /** Returns the (possibly transformed) row, or throws why it was refused. */
      parse(row: unknown): T;
    };

/** What validate() accepts: a type guard, a boolean check, or a zod-like schema. */
export type RowSchema<T> = ((row: unknown) => row is T) | ((row: unknown) => boolean) | ParseSchema<T>;

/** The outcome of checking one row: the (possibly transformed) row, or why it was refused. */
export type RowCheck = { readonly ok: true; readonly row: unknown } | { readonly ok: false; readonly problem: unknown };

/** Runs a schema on one row; a check that throws refuses the row with what it threw. */
export function checkRow(schema: RowSchema<unknown>, row: unknown): RowCheck {
  try {
    if (typeof schema === "function") {
      return schema(row) ? { ok: true, row } : { ok: false, problem: undefined };
    }
    if ("safeParse" in schema) {
      const result = schema.safeParse(row);
      return result.success ? { ok: true, row: result.data } : { ok: false, problem: result.error };
    }
    return { ok: true, row: schema.parse(row) };
  } catch (problem) {
    return { ok: false, problem };
  }
}
