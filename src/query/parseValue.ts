import type { FilterValue } from "./FilterValue.js";
import type { Token } from "./Token.js";
import type { TokenStream } from "./TokenStream.js";

const ORDERING = new Set(["<", "<=", ">", ">="]);

/**
 * The literal after `operatorToken`. Ordering operators take only numbers and strings: jsonb orders
 * values of different types by type (docs/filters.md), which is never what `priority > true` means.
 */
export function parseValue(
  tokens: TokenStream,
  pathText: string,
  operatorToken: Token & { kind: "operator" },
): FilterValue {
  const token = tokens.peek();
  const value = literalOf(token);
  const operator = operatorToken.operator;
  if (value === undefined) {
    throw tokens.error(token, {
      expected: `a value (a quoted string, a number, true, false or null) after "${operator}"`,
      hint: valueHint(token, pathText, operator),
    });
  }
  if (ORDERING.has(operator) && value.type !== "number" && value.type !== "string") {
    throw tokens.error(token, {
      expected: `a number or a string after "${operator}"`,
      hint: `Compare ${token.text} with = or != instead.`,
    });
  }
  tokens.next();
  return value;
}

function literalOf(token: Token): FilterValue | undefined {
  switch (token.kind) {
    case "string":
      return { type: "string", value: token.value };
    case "number":
      return { type: "number", text: token.text };
    case "path":
      if (!token.bare) return undefined;
      if (token.text === "true" || token.text === "false") return { type: "boolean", value: token.text === "true" };
      if (token.text === "null") return { type: "null" };
      return undefined;
    default:
      return undefined;
  }
}

function valueHint(token: Token, pathText: string, operator: string): string | undefined {
  if (token.kind === "*") return "* only follows :, as in tags:* (the field is present).";
  if (token.kind === "operator" && operator === "=" && token.operator === "=") return "Equality is a single =.";
  if (token.kind === "path" && token.bare && /^(true|false|null)$/i.test(token.text)) {
    return `Write ${token.text.toLowerCase()} in lowercase.`;
  }
  if (token.kind === "path") {
    return `Quote strings: ${short(pathText)} ${operator} "${short(token.text)}". Comparing two fields is not supported.`;
  }
  return undefined;
}

function short(text: string): string {
  return Array.from(text).slice(0, 20).join("");
}
