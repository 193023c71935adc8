import { checkRow, type RowSchema } from "./RowSchema.js";
import { StatusCode } from "./StatusCode.js";
import { WireClientError } from "./WireClientError.js";

/** One client-side step over parsed rows: returns the row to pass on, or `DROP`. */
export type RowStep = (row: unknown, index: number) => unknown;

/** Returned by a step to leave a row out. */
export const DROP: unique symbol = Symbol("drop");

export function filterStep(predicate: (row: never, index: number) => boolean): RowStep {
  const keep = predicate as (row: unknown, index: number) => boolean;
  return (row, index) => (keep(row, index) ? row : DROP);
}

/** Checks each row; the first refused row fails the stream with its index in the result. */
export function validateStep(schema: RowSchema<unknown>): RowStep {
  return (row, index) => {
    const result = checkRow(schema, row);
    if (result.ok) return result.row;
    const why = result.problem instanceof Error ? `: ${result.problem.message}` : "";
    throw new WireClientError(
      `row ${index} does not match the schema given to validate()${why}`,
      {
        code: StatusCode.FAILED_PRECONDITION,
        reason: "ROW_VALIDATION_FAILED",
        category: "schema",
        retriable: false,
        retryDelayMs: undefined,
        helpLinks: [],
        rowsReceived: index,
        nextOffset: undefined,
        requestId: undefined,
        metadata: { rowIndex: String(index) },
        fieldViolations: [],
        rowIndex: index,
      },
      { cause: result.problem },
    );
  };
}
