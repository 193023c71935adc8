import { checkInput } from "./checkInput.js";
import { columnOf } from "./columnOf.js";
import type { FilterExpr } from "./FilterExpr.js";
import { filterLanguage } from "./filterLanguage.js";
import { isBareWord } from "./isBareWord.js";
import { limitError } from "./limitError.js";
import { parseComparison } from "./parseComparison.js";
import { queryLimits } from "./queryLimits.js";
import type { Token } from "./Token.js";
import { TokenStream } from "./TokenStream.js";

/**
 * Parses a filter in the AIP-160 subset of docs/filters.md. Returns undefined for an empty or
 * all-whitespace filter (no filtering); throws an INVALID_FILTER WireError naming the column.
 *
 *   expression := term { "OR" term }        (AND binds tighter than OR)
 *   term       := factor { "AND" factor }
 *   factor     := ("NOT" | "-") factor | "(" expression ")" | comparison
 */
export function parseFilter(input: string): FilterExpr | undefined {
  checkInput(input, filterLanguage);
  const tokens = new TokenStream(input, filterLanguage);
  if (tokens.peek().kind === "end") return undefined;
  const expression = parseExpression(tokens, 0);
  const rest = tokens.peek();
  if (rest.kind !== "end") throw unexpectedAfterCondition(tokens, rest, "AND, OR or end of input");
  return expression;
}

function parseExpression(tokens: TokenStream, depth: number): FilterExpr {
  const operands = [parseTerm(tokens, depth)];
  while (isBareWord(tokens.peek(), "OR")) {
    tokens.next();
    operands.push(parseTerm(tokens, depth));
  }
  return operands.length === 1 ? operands[0]! : { kind: "or", operands };
}

function parseTerm(tokens: TokenStream, depth: number): FilterExpr {
  const operands = [parseFactor(tokens, depth)];
  while (isBareWord(tokens.peek(), "AND")) {
    tokens.next();
    operands.push(parseFactor(tokens, depth));
  }
  return operands.length === 1 ? operands[0]! : { kind: "and", operands };
}

function parseFactor(tokens: TokenStream, depth: number): FilterExpr {
  const token = tokens.peek();
  if (isBareWord(token, "NOT") || token.kind === "-") {
    enter(tokens, tokens.next(), depth);
    return { kind: "not", operand: parseFactor(tokens, depth + 1) };
  }
  if (token.kind === "(") {
    enter(tokens, tokens.next(), depth);
    const inner = parseExpression(tokens, depth + 1);
    const close = tokens.peek();
    if (close.kind !== ")") {
      const opened = columnOf(tokens.input, token.start);
      throw unexpectedAfterCondition(tokens, close, `AND, OR or ")" to close the "(" at column ${opened}`);
    }
    tokens.next();
    return inner;
  }
  return parseComparison(tokens);
}

/** Counts one more level of parentheses or NOT, refusing the level past queryLimits.maxNesting. */
function enter(tokens: TokenStream, token: Token, depth: number): void {
  if (depth + 1 > queryLimits.maxNesting) {
    throw limitError(
      tokens.language,
      tokens.input,
      token.start,
      `parentheses and NOT nest at most ${queryLimits.maxNesting} levels deep`,
      queryLimits.maxNesting,
    );
  }
}

/** After a complete condition only AND, OR, ")" or the end may follow; explain the usual slips. */
function unexpectedAfterCondition(tokens: TokenStream, token: Token, expected: string) {
  let hint: string | undefined;
  if (token.kind === "path" && token.bare && /^(and|or|not)$/i.test(token.text)) {
    hint = `Keywords are uppercase (AIP-160): write ${token.text.toUpperCase()}.`;
  } else if (token.kind === "path" || token.kind === "(" || token.kind === "-") {
    hint = "Join conditions with AND or OR; implicit AND by whitespace is not supported.";
  } else if (token.kind === ")") {
    hint = 'This ")" has no matching "(".';
  }
  return tokens.error(token, { expected, hint });
}
