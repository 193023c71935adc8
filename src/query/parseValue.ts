import type { FilterValue } from "./FilterValue.js";
import { isBareWord } from "./isBareWord.js";
import { quoteExcerpt } from "./quoteExcerpt.js";
import type { Token } from "./Token.js";
import type { TokenStream } from "./TokenStream.js";
import { unsupportedError } from "./unsupportedError.js";

const ORDERING = new Set(["<", "<=", ">", ">="]);
const VALUE_EXPECTED = "a value (a string, a number, true, false or null)";
// What may directly follow an unquoted value: `state = ACTIVE)` is fine, `state = ACTIVE-2` is not.
const VALUE_END = /^(?:$|[ \t\r\n)])/;

export interface ParsedValue {
  readonly value: FilterValue;
  /** Set when a string starts or ends with an unescaped `*` and the operator is = or !=. */
  readonly wildcard?: { readonly text: string; readonly anchors: { anchoredStart: boolean; anchoredEnd: boolean } };
}

/**
 * The value after `operatorToken`: a string, a number, true/false/null, an unquoted word (the
 * string it spells: `state = ACTIVE`), or any of these in parentheses (`foo >= (-2.4)`).
 * Ordering operators take only numbers and strings: jsonb orders values of different types by type
 * (docs/filters.md), which is never what `priority > true` means.
 */
export function parseValue(
  tokens: TokenStream,
  pathText: string,
  operatorToken: Token & { kind: "operator" },
): ParsedValue {
  const open = tokens.peek();
  if (open.kind === "(") {
    tokens.next();
    tokens.expectValue();
    const inner = parseValue(tokens, pathText, operatorToken);
    const close = tokens.peek();
    if (close.kind !== ")") {
      throw unsupportedError(tokens, open,
        "an expression as a value",
        `Parentheses around a value hold one value, as in foo >= (-2.4); to match one of several values, write (a = 1 OR a = 2).`,
      );
    }
    tokens.next();
    return inner;
  }
  const token = open;
  const operator = operatorToken.operator;
  const value = literalOf(tokens, token, pathText, operator);
  if (ORDERING.has(operator) && value.type !== "number" && value.type !== "string") {
    throw tokens.error(token, {
      expected: `a number or a string after "${operator}"`,
      hint: `Compare ${token.text} with = or != instead.`,
    });
  }
  tokens.next();
  if (token.kind !== "string" || !(token.leadingStar || token.trailingStar)) return { value };
  if (operator !== "=" && operator !== "!=") {
    throw unsupportedError(tokens, token,
      `a wildcard with ${operator}`,
      "A * at the start or end of a string is a wildcard, which only = and != take; write \\* for a literal star.",
    );
  }
  return {
    value,
    wildcard: { text: token.value, anchors: { anchoredStart: !token.leadingStar, anchoredEnd: !token.trailingStar } },
  };
}

function literalOf(tokens: TokenStream, token: Token, pathText: string, operator: string): FilterValue {
  switch (token.kind) {
    case "string":
      return { type: "string", value: token.value };
    case "number":
      return { type: "number", text: token.text };
    case "path":
      return bareValue(tokens, token, pathText, operator);
    default:
      throw tokens.error(token, { expected: `${VALUE_EXPECTED} after "${operator}"`, hint: valueHint(token, operator) });
  }
}

/**
 * An unquoted word on the right is text (AIP-160): `state = ACTIVE` compares with the string
 * "ACTIVE", never with a field named ACTIVE. true, false and null keep their JSON types.
 */
function bareValue(tokens: TokenStream, token: Token & { kind: "path" }, pathText: string, operator: string): FilterValue {
  const following = tokens.input.slice(token.end, token.end + 1);
  if (following === "(") {
    throw unsupportedError(tokens, token, "a function call", "The right of a comparison is a value, such as a string or a number.");
  }
  if (!token.bare) {
    throw unsupportedError(tokens, token,
      "comparing two fields",
      `The right of a comparison is a value; to compare with the text ${quoteExcerpt(token.text)}, quote it: ${short(pathText)} ${operator} ${quoteExcerpt(token.text)}.`,
    );
  }
  if (isBareWord(token, "AND", "OR", "NOT")) {
    throw tokens.error(token, {
      expected: `${VALUE_EXPECTED} after "${operator}"`,
      hint: `${token.text} is a keyword; to compare with the text, quote it: "${token.text}".`,
    });
  }
  if (!VALUE_END.test(following)) {
    throw tokens.error(token, {
      expected: `${VALUE_EXPECTED} after "${operator}"`,
      found: quoteExcerpt(tokens.input.slice(token.start).split(/[ \t\r\n)]/)[0] ?? token.text),
      hint: `Unquoted values are letters, digits and _; quote other text: ${short(pathText)} ${operator} "…".`,
    });
  }
  if (token.text === "true" || token.text === "false") return { type: "boolean", value: token.text === "true" };
  if (token.text === "null") return { type: "null" };
  return { type: "string", value: token.text };
}

function valueHint(token: Token, operator: string): string | undefined {
  if (token.kind === "*") return "* only follows :, as in tags:* (the field is present).";
  if (token.kind === "operator" && operator === "=" && token.operator === "=") return "Equality is a single =.";
  return undefined;
}

function short(text: string): string {
  return Array.from(text).slice(0, 20).join("");
}
