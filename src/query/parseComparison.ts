import type { FilterExpr } from "./FilterExpr.js";
import { isBareWord } from "./isBareWord.js";
import { parseValue } from "./parseValue.js";
import { quoteExcerpt } from "./quoteExcerpt.js";
import type { Token } from "./Token.js";
import type { TokenStream } from "./TokenStream.js";

const OPERATORS_EXPECTED = "an operator (=, !=, <, <=, >, >= or :)";
const QUOTE_KEY_HINT = "Put keys with other characters in backticks, e.g. `first-name` = \"Ada\".";

/** comparison := path operator value | path ":" value | path ":" "*" */
export function parseComparison(tokens: TokenStream): FilterExpr {
  const pathToken = tokens.peek();
  if (pathToken.kind !== "path" || isBareWord(pathToken, "AND", "OR", "NOT")) {
    throw tokens.error(pathToken, { expected: expectedComparison(tokens.previous), hint: comparisonHint(pathToken) });
  }
  tokens.next();
  const path = pathToken.segments;
  const operatorToken = tokens.peek();
  if (operatorToken.kind !== "operator") {
    throw tokens.error(operatorToken, {
      expected: `${OPERATORS_EXPECTED} after ${quoteExcerpt(pathToken.text)}`,
      hint: operatorHint(pathToken, operatorToken),
    });
  }
  tokens.next();
  const operator = operatorToken.operator;
  if (operator === ":" && tokens.peek().kind === "*") {
    tokens.next();
    return { kind: "exists", path };
  }
  const value = parseValue(tokens, pathToken.text, operatorToken);
  return operator === ":" ? { kind: "has", path, value } : { kind: "compare", path, op: operator, value };
}

function expectedComparison(previous: Token | undefined): string {
  const comparison = 'a comparison such as status = "active"';
  return previous === undefined ? comparison : `${comparison} after ${quoteExcerpt(previous.text)}`;
}

function comparisonHint(token: Token): string | undefined {
  if (token.kind === "path") {
    return `${token.text} is a keyword; to name a key ${token.text}, write it in backticks: \`${token.text}\`.`;
  }
  if (token.kind === "string") return "Paths are not quoted: write status = \"active\"; put unusual keys in backticks.";
  return undefined;
}

function operatorHint(pathToken: Token, found: Token): string | undefined {
  if (pathToken.kind === "path" && pathToken.bare && /^not$/i.test(pathToken.text)) {
    return "Keywords are uppercase (AIP-160): write NOT.";
  }
  const touching = found.start === pathToken.end;
  if (touching && found.kind !== "end") return QUOTE_KEY_HINT;
  if (found.kind === "path" && pathToken.kind === "path" && pathToken.bare) {
    return "Put keys with spaces in backticks, e.g. `first name` = \"Ada\".";
  }
  return undefined;
}
