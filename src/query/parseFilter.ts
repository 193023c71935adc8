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
 * Precedence is AIP-160's, which is not SQL's: OR binds tighter than AND.
 *   expression := sequence { "AND" sequence }
 *   sequence   := factor { factor }            (juxtaposition is AND, for exact-match services)
 *   factor     := term { "OR" term }
 *   term       := ("NOT" | "-") term | "(" expression ")" | comparison
 */
export function parseFilter(input: string): FilterExpr | undefined {
  checkInput(input, filterLanguage);
  const tokens = new TokenStream(input, filterLanguage);
  if (tokens.peek().kind === "end") return undefined;
  const expression = parseExpression(tokens, 0);
  const rest = tokens.peek();
  if (rest.kind !== "end") throw unexpectedAfterCondition(tokens, rest, "AND, OR, another condition or end of input");
  return expression;
}

function parseExpression(tokens: TokenStream, depth: number): FilterExpr {
  const operands = [parseSequence(tokens, depth)];
  while (isBareWord(tokens.peek(), "AND")) {
    tokens.next();
    operands.push(parseSequence(tokens, depth));
  }
  return join("and", operands);
}

function parseSequence(tokens: TokenStream, depth: number): FilterExpr {
  const operands = [parseFactor(tokens, depth)];
  while (startsTerm(tokens.peek())) operands.push(parseFactor(tokens, depth));
  return join("and", operands);
}

function parseFactor(tokens: TokenStream, depth: number): FilterExpr {
  const operands = [parseTerm(tokens, depth)];
  while (isBareWord(tokens.peek(), "OR")) {
    tokens.next();
    operands.push(parseTerm(tokens, depth));
  }
  return join("or", operands);
}

function parseTerm(tokens: TokenStream, depth: number): FilterExpr {
  const token = tokens.peek();
  if (isBareWord(token, "NOT") || token.kind === "-") {
    enter(tokens, tokens.next(), depth);
    return { kind: "not", operand: parseTerm(tokens, depth + 1) };
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

/** Whether `token` can begin another term of a sequence (`a = 1 b = 2`). */
function startsTerm(token: Token): boolean {
  switch (token.kind) {
    case "path":
      // Lowercase and/or are a slip for the keywords; parseFilter says so rather than reading a field.
      return !(token.bare && /^(and|or)$/i.test(token.text));
    case "string":
    case "number":
    case "(":
    case "-":
      return true;
    default:
      return false;
  }
}

/** AND and OR are n-ary, flattened, so that a long chain does not become a deep tree. */
function join(kind: "and" | "or", operands: readonly FilterExpr[]): FilterExpr {
  if (operands.length === 1) return operands[0]!;
  return { kind, operands: operands.flatMap((operand) => (operand.kind === kind ? operand.operands : [operand])) };
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

/** After a complete condition only AND, OR, another condition, ")" or the end may follow. */
function unexpectedAfterCondition(tokens: TokenStream, token: Token, expected: string) {
  let hint: string | undefined;
  if (token.kind === "path" && token.bare && /^(and|or|not)$/i.test(token.text)) {
    hint = `Keywords are uppercase (AIP-160): write ${token.text.toUpperCase()}.`;
  } else if (token.kind === ")") {
    hint = 'This ")" has no matching "(".';
  }
  return tokens.error(token, { expected, hint });
}
