import { checkInput } from "./checkInput.js";
import { limitError } from "./limitError.js";
import { orderByLanguage } from "./orderByLanguage.js";
import type { OrderTerm } from "./OrderTerm.js";
import { queryLimits } from "./queryLimits.js";
import type { Token } from "./Token.js";
import { TokenStream } from "./TokenStream.js";

/**
 * Parses an AIP-132 order_by: comma-separated paths (the filter's path syntax), each optionally
 * followed by asc or desc in any case, e.g. "priority desc, owner.name". An empty or all-whitespace
 * string means no ordering. Throws an INVALID_ORDER_BY WireError naming the column.
 */
export function parseOrderBy(input: string): readonly OrderTerm[] {
  checkInput(input, orderByLanguage);
  const tokens = new TokenStream(input, orderByLanguage);
  if (tokens.peek().kind === "end") return [];
  const terms: OrderTerm[] = [];
  for (;;) {
    const pathToken = tokens.peek();
    if (pathToken.kind !== "path") {
      const after = tokens.previous === undefined ? "" : ' after ","';
      throw tokens.error(pathToken, { expected: `a path such as priority${after}`, hint: pathHint(pathToken) });
    }
    if (terms.length === queryLimits.maxOrderTerms) {
      throw limitError(
        orderByLanguage,
        input,
        pathToken.start,
        `order_by has at most ${queryLimits.maxOrderTerms} terms`,
        queryLimits.maxOrderTerms,
      );
    }
    tokens.next();
    let direction: OrderTerm["direction"] = "asc";
    let next = tokens.peek();
    if (next.kind === "path" && next.bare && /^(asc|desc)$/i.test(next.text)) {
      direction = next.text.toLowerCase() === "desc" ? "desc" : "asc";
      tokens.next();
      next = tokens.peek();
    }
    terms.push({ path: pathToken.segments, direction });
    if (next.kind === "end") return terms;
    if (next.kind !== ",") {
      const expected = tokens.previous === pathToken ? '"asc", "desc", "," or end of input' : '"," or end of input';
      throw tokens.error(next, { expected, hint: separatorHint(next) });
    }
    tokens.next();
  }
}

function pathHint(token: Token): string | undefined {
  if (token.kind === "-") return 'For descending order write the path followed by desc, e.g. "priority desc".';
  if (token.kind === "string") return "Paths are not quoted; put unusual keys in backticks, e.g. `first name`.";
  return undefined;
}

function separatorHint(token: Token): string | undefined {
  if (token.kind === "path") return "Separate terms with commas; a key with spaces goes in backticks.";
  return undefined;
}
