/**
 * Bounds on filter and order_by strings. They keep parsing linear and shallow (no stack overflow on
 * `((((…`), and keep the statement far below PostgreSQL's 65535 bind parameters: a 16 KiB filter
 * produces at most about one parameter per two input bytes.
 */
export const queryLimits = {
  /** UTF-8 bytes of a filter or an order_by string. */
  maxInputBytes: 16 * 1024,
  /** Segments of one path (each one argument of jsonb_extract_path, which takes at most 100). */
  maxPathDepth: 32,
  /** Parentheses and NOTs enclosing a comparison. */
  maxNesting: 64,
  /** Terms of an order_by. */
  maxOrderTerms: 16,
} as const;
