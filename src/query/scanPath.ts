import { limitError } from "./limitError.js";
import { queryLimits } from "./queryLimits.js";
import { quoteExcerpt } from "./quoteExcerpt.js";
import type { QueryLanguage } from "./QueryLanguage.js";
import { syntaxError } from "./syntaxError.js";
import { unsupportedError } from "./unsupportedError.js";

const WORD = /[A-Za-z0-9_]+/y;
const SEGMENT = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+)$/;
const SEGMENT_EXPECTED =
  "a path segment: a name (letters, digits and _, not starting with a digit), an array index such as 0, or a `quoted key`";

export interface ScannedPath {
  readonly segments: readonly string[];
  readonly end: number;
  /** A single unquoted segment: the only form that can also be a keyword (AND, desc, true…). */
  readonly bare: boolean;
}

/**
 * Scans a dotted path starting at `start`: `owner.name`, `items.0.sku`, `` `first name`.city ``.
 * No whitespace inside a path, so `owner . name` is an error rather than a guess. Shared by the filter
 * and the order_by syntax.
 */
export function scanPath(input: string, start: number, language: QueryLanguage): ScannedPath {
  const segments: string[] = [];
  let offset = start;
  let quoted = false;
  for (;;) {
    const segmentStart = offset;
    if (input.charAt(offset) === "`") {
      const scanned = scanQuotedSegment(input, offset, language);
      segments.push(scanned.key);
      offset = scanned.end;
      quoted = true;
    } else {
      WORD.lastIndex = offset;
      const word = WORD.exec(input)?.[0];
      if (word === undefined || !SEGMENT.test(word)) {
        const found = word ?? input.charAt(offset);
        const expected = offset > start ? `${SEGMENT_EXPECTED} after "."` : SEGMENT_EXPECTED;
        if (found === "*") {
          throw unsupportedError({ language, input }, { start: offset, text: found }, "a field wildcard", "Name the key: labels.env, not labels.*.");
        }
        throw syntaxError(language, input, offset, { expected, found: quoteExcerpt(found) });
      }
      segments.push(word);
      offset += word.length;
    }
    if (segments.length > queryLimits.maxPathDepth) {
      throw limitError(
        language,
        input,
        segmentStart,
        `a path has at most ${queryLimits.maxPathDepth} segments`,
        queryLimits.maxPathDepth,
      );
    }
    if (input.charAt(offset) !== ".") break;
    offset++;
  }
  return { segments, end: offset, bare: !quoted && segments.length === 1 };
}

/** `` `first name` `` with \` and \\ as the only escapes, so any other key can be written. */
function scanQuotedSegment(input: string, start: number, language: QueryLanguage): { key: string; end: number } {
  let key = "";
  let i = start + 1;
  for (;;) {
    if (i >= input.length) {
      throw syntaxError(language, input, start, {
        expected: "a closing ` for the quoted key that starts here",
        found: "end of input",
      });
    }
    const c = input.charAt(i);
    if (c === "`") return { key, end: i + 1 };
    if (c === "\\") {
      const escaped = input.charAt(i + 1);
      if (escaped !== "`" && escaped !== "\\") {
        throw syntaxError(language, input, i, {
          expected: "\\` or \\\\ (the only escapes in a quoted key)",
          found: quoteExcerpt(input.slice(i, i + 2)),
        });
      }
      key += escaped;
      i += 2;
    } else {
      key += c;
      i++;
    }
  }
}
