import { type FieldPath, formatPath } from "./formatPath.js";

/** An ascending order_by term for orderBy(), with the path quoted where needed. */
export const asc = (path: FieldPath): string => `${formatPath(path)} asc`;

/** A descending order_by term for orderBy(), with the path quoted where needed. */
export const desc = (path: FieldPath): string => `${formatPath(path)} desc`;
