import fc from "fast-check";
import { filterArbitrary, renderFilter, spellingArbitrary } from "../../support/filterArbitrary.js";

/** One generated call: the caller's credential and the request fields, or raw bytes as the whole request. */
export type FuzzRequest =
  | {
      readonly kind: "request";
      readonly token: string | undefined;
      readonly entity: string;
      readonly filter: string;
      readonly orderBy: string;
      readonly limit: number;
      readonly offset: number;
      readonly chunkRows: number;
      readonly chunkBytes: number;
    }
  | { readonly kind: "bytes"; readonly token: string | undefined; readonly bytes: Uint8Array };

/** The callers of the fuzz server (test/fuzz/support/fuzzCallers.ts); anything else must be refused. */
const TOKEN = fc.oneof(
  { weight: 45, arbitrary: fc.constant("acme-token") },
  { weight: 45, arbitrary: fc.constant("globex-token") },
  { weight: 4, arbitrary: fc.constant(undefined) },
  // Values a client can send at all: HTTP/2 header values are printable ASCII without edge spaces.
  { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom(..."abcXYZ019-._~+/= "), minLength: 1, maxLength: 40 }).map((s) => s.trim()).filter((s) => s !== "") },
  { weight: 3, arbitrary: fc.constantFrom("ACME-TOKEN", "acme-token=", "globex", "acme-token globex-token") },
);

const KNOWN_ENTITIES = [
  "docs", "fuzz.docs", "fuzz_b.docs", "open", "fuzz.open", "secret", "fuzz.secret", "notes", "fuzz_b.notes", "canary", "fuzz.canary",
  "fuzz_hidden.docs", "pg_catalog.pg_class", "information_schema.tables", "v_docs", "DOCS", "docs ", " docs", "fuzz.*", "*", "fuzz_b.*",
  'docs"; drop table fuzz.canary; --', "docs' or '1'='1", "fuzz.docs.extra", "../docs", "docs\u0000", "docs;", "fuzz..docs", ".docs", "docs.",
  "fuzz.v_docs", "%", "_", "docs%", "d_cs", "\\", "'", '"', "fuzz.\"docs\"", "ⅾocs", "docs\u200b",
];

// Pieces of the filter and order_by grammars (docs/filters.md) and of the ways they go wrong.
const PIECES = [
  "n", "s", "t", "mixed", "tags", "obj.k", "obj.s", "arr.0", "absent", "a.b.c", "`x y`", "`a\\`b`", "0", "-1", "1.5", "1e309", "-0", "0x1F", "007",
  "=", "!=", "<", "<=", ">", ">=", ":", "*", ".", ",", "(", ")", "-", "AND", "OR", "NOT", "and", "or", "not", "true", "false", "null",
  '"', "'", "\\", '"a"', "'b'", '"*a*"', '"\\u0000"', '"\\uD800"', '"\\x41"', '"\\777"', "asc", "desc", "ASC", "DESC",
  "$1", "$$", "';", "--", "/*", "*/", ";", "select", "pg_sleep(10)", "\u0000", "\uD800", "\uFFFF", "🎉", "é", " ", "\t", "\n",
];
const soup = fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }).chain((pieces) =>
  fc.array(fc.constantFrom("", " ", " ", "  ", "\t"), { minLength: pieces.length, maxLength: pieces.length }).map((gaps) => pieces.map((p, i) => p + gaps[i]).join("")),
);
const unicode = fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: "binary", maxLength: 60 }), fc.string({ unit: "grapheme", maxLength: 20 }));
const validFilter = fc.tuple(filterArbitrary, spellingArbitrary).map(([expr, spelling]) => renderFilter(expr, spelling));

/** A valid filter with a few characters inserted, deleted or swapped. */
const mutatedFilter = fc
  .tuple(validFilter, fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.constantFrom(...PIECES, "a", "(", ")", '"', "\\")), { minLength: 1, maxLength: 3 }))
  .map(([text, edits]) => {
    let out = text;
    for (const [at, kind, piece] of edits) {
      const i = out.length === 0 ? 0 : at % out.length;
      if (kind === 0) out = out.slice(0, i) + piece + out.slice(i);
      else if (kind === 1) out = out.slice(0, i) + out.slice(i + 1);
      else if (kind === 2) out = out.slice(0, i) + out.slice(i, i + 3) + out.slice(i);
      else out = out.slice(0, i) + piece + out.slice(i + piece.length);
    }
    return out;
  });
const longText = fc.tuple(fc.constantFrom("(", "NOT ", "a.", "x", '"', "a = 1 AND "), fc.integer({ min: 1000, max: 20_000 })).map(([unit, times]) => unit.repeat(Math.ceil(times / unit.length)));

const filter = fc.oneof(
  { weight: 50, arbitrary: validFilter },
  { weight: 15, arbitrary: mutatedFilter },
  { weight: 15, arbitrary: soup },
  { weight: 10, arbitrary: unicode },
  { weight: 8, arbitrary: fc.constant("") },
  { weight: 2, arbitrary: longText },
);
const orderPath = fc.constantFrom("n", "s", "t", "mixed", "obj.k", "arr.0", "absent", "id", "`x y`", "view");
const validOrder = fc.array(fc.tuple(orderPath, fc.constantFrom("", " asc", " desc", " DESC")), { maxLength: 4 }).map((terms) => terms.map(([p, d]) => p + d).join(", "));
const orderBy = fc.oneof({ weight: 70, arbitrary: validOrder }, { weight: 12, arbitrary: soup }, { weight: 8, arbitrary: unicode }, { weight: 10, arbitrary: fc.constant("") });
const READABLE = ["docs", "fuzz.docs", "open", "fuzz.open", "fuzz_b.docs", "fuzz_b.notes", "notes"];
const entity = fc.oneof(
  { weight: 50, arbitrary: fc.constantFrom(...READABLE) },
  { weight: 25, arbitrary: fc.constantFrom(...KNOWN_ENTITIES) },
  { weight: 13, arbitrary: soup },
  { weight: 12, arbitrary: unicode },
);
const count = fc.oneof({ weight: 70, arbitrary: fc.nat(30) }, { weight: 30, arbitrary: fc.constantFrom(0, 1, 2 ** 31, 2 ** 32 - 1, 2 ** 53 - 1) });
const chunk = fc.oneof({ weight: 70, arbitrary: fc.constant(0) }, { weight: 30, arbitrary: fc.oneof(fc.nat(50), fc.constantFrom(1, 2 ** 31, 2 ** 32 - 1)) });

export const fuzzRequestArbitrary: fc.Arbitrary<FuzzRequest> = fc.oneof(
  {
    weight: 95,
    arbitrary: fc.record({
      kind: fc.constant("request" as const),
      token: TOKEN,
      entity,
      filter,
      orderBy,
      limit: count,
      offset: count,
      chunkRows: chunk,
      chunkBytes: chunk,
    }),
  },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("bytes" as const), token: TOKEN, bytes: fc.uint8Array({ maxLength: 200 }) }) },
);
