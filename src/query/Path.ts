/**
 * A path into the JSON document `data`, one entry per segment: `owner.name` is ["owner", "name"],
 * `items.0.sku` is ["items", "0", "sku"]. Always at least one segment. A segment of digits reads an
 * array element when the value at that point is an array, and the key of that name otherwise
 * (PostgreSQL's jsonb_extract_path decides at run time).
 */
export type Path = readonly string[];
