import type { FilterExpr } from "./FilterExpr.js";
import { isBareWord } from "./isBareWord.js";
import { parseValue } from "./parseValue.js";
import { quoteExcerpt } from "./quoteExcerpt.js";
import type { Token } from "./Token.js";
import type { TokenStream } from "./TokenStream.js";
import { unsupportedError } from "./unsupportedError.js";

const OPERATORS_EXPECTED = "an operator (=, !=, <, <=, >, >= or :)";
const QUOTE_KEY_HINT = "Put keys with other characters in backticks, e.g. `first-name` = \"Ada\".";

/**
 * comparison := path operator value | path ":" value | path ":" "*"
 *
 * The AIP-160 restrictions this service refuses by design are recognised here and named: a value
 * with no field (a global restriction), a function call, and a literal where the field goes.
 */
export function parseComparison(tokens: TokenStream): FilterExpr {
  const pathToken = tokens.peek();
  if (pathToken.kind === "number" || pathToken.kind === "string") return refuseLiteral(tokens, pathToken);
  if (pathToken.kind !== "path" || isBareWord(pathToken, "AND", "OR", "NOT")) {
    throw tokens.error(pathToken, { expected: expectedComparison(tokens.previous), hint: comparisonHint(pathToken) });
  }
  tokens.next();
  const path = pathToken.segments;
  const operatorToken = tokens.peek();
  if (operatorToken.kind === "(" && operatorToken.start === pathToken.end) {
    throw unsupportedError(tokens, pathToken, "a function call", FUNCTION_HINT);
  }
  if (operatorToken.kind !== "operator") {
    const touching = operatorToken.start === pathToken.end && operatorToken.kind !== "end" && operatorToken.kind !== ")";
    if (!touching && endsRestriction(operatorToken) && !(pathToken.bare && /^not$/i.test(pathToken.text))) {
      throw unsupportedError(tokens, pathToken,
        "a global restriction",
        `${quoteExcerpt(pathToken.text)} has no operator: a filter compares a field with a value, e.g. ` +
          `tier = ${pathToken.bare ? pathToken.text : "\"…\""}.${spacedKeyHint(pathToken, operatorToken)}`,
      );
    }
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
  const { value, wildcard } = parseValue(tokens, pathToken.text, operatorToken);
  if (wildcard !== undefined) {
    return { kind: "match", path, op: operator === "!=" ? "!=" : "=", text: wildcard.text, ...wildcard.anchors };
  }
  return operator === ":" ? { kind: "has", path, value } : { kind: "compare", path, op: operator, value };
}

const FUNCTION_HINT =
  "Filters compare fields with values (regex(), timestamp(), duration() and method calls are not available); " +
  'for text, use a wildcard string: name = "Ada*".';

/** A number or a string where the field goes: `-30`, `"blue"`, `1 > 0`, `"a" = 1`. */
function refuseLiteral(tokens: TokenStream, token: Token): never {
  tokens.next();
  const following = tokens.peek();
  if (following.kind === "operator") {
    if (token.kind === "string") {
      throw tokens.error(token, {
        expected: expectedComparison(tokens.previous === token ? undefined : tokens.previous),
        hint: "Paths are not quoted: write status = \"active\"; put unusual keys in backticks.",
      });
    }
    throw unsupportedError(tokens, token,
      "a literal on the left of a comparison",
      `A comparison starts with a field; ${quoteExcerpt(token.text)} is a number. To name a key made of digits, put it in backticks: \`${token.text}\`.`,
    );
  }
  throw unsupportedError(tokens, token,
    "a global restriction",
    `${quoteExcerpt(token.kind === "string" ? token.value : token.text)} has no field and operator: a filter compares a field with a value, e.g. name = ${token.kind === "string" ? token.text : `"${token.text}"`}.`,
  );
}

/** What may follow a restriction that has no operator: where a global restriction would end. */
function endsRestriction(token: Token): boolean {
  return token.kind === "end" || token.kind === ")" || token.kind === "(" || token.kind === "-" ||
    token.kind === "string" || token.kind === "number" || token.kind === "path";
}

function spacedKeyHint(pathToken: Token, next: Token): string {
  if (next.kind === "path" && pathToken.kind === "path" && pathToken.bare && next.start === pathToken.end + 1) {
    return ` If ${quoteExcerpt(`${pathToken.text} ${next.text}`)} is one key, put it in backticks, e.g. \`first name\` = "Ada".`;
  }
  return "";
}

function expectedComparison(previous: Token | undefined): string {
  const comparison = 'a comparison such as status = "active"';
  return previous === undefined ? comparison : `${comparison} after ${quoteExcerpt(previous.text)}`;
}

function comparisonHint(token: Token): string | undefined {
  if (token.kind === "path") {
    return `${token.text} is a keyword; to name a key ${token.text}, write it in backticks: \`${token.text}\`.`;
  }
  return undefined;
}

function operatorHint(pathToken: Token, found: Token): string | undefined {
  if (pathToken.kind === "path" && pathToken.bare && /^not$/i.test(pathToken.text)) {
    return "Keywords are uppercase (AIP-160): write NOT.";
  }
  const touching = found.start === pathToken.end;
  if (touching && found.kind !== "end") return QUOTE_KEY_HINT;
  return undefined;
}
