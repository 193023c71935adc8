import { limitError } from "./limitError.js";
import { queryLimits } from "./queryLimits.js";
import type { QueryLanguage } from "./QueryLanguage.js";
import { syntaxError } from "./syntaxError.js";

/**
 * Rejects what no token may contain before tokenizing: input over the size limit, U+0000 (PostgreSQL
 * text and jsonb cannot store it, so binding it would fail in the database instead of here) and
 * unpaired surrogates (not Unicode; jsonb rejects them too).
 */
export function checkInput(input: string, language: QueryLanguage): void {
  let bytes = 0;
  for (let i = 0; i < input.length; i++) {
    const unit = input.charCodeAt(i);
    const start = i;
    if (unit === 0) {
      throw syntaxError(language, input, i, {
        expected: "text without NUL characters",
        found: "U+0000",
        hint: "PostgreSQL cannot store U+0000 in text or jsonb.",
      });
    }
    if (unit >= 0xd800 && unit <= 0xdfff) {
      const next = input.charCodeAt(i + 1);
      if (unit > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) {
        throw syntaxError(language, input, i, {
          expected: "valid Unicode text",
          found: `an unpaired surrogate U+${unit.toString(16).toUpperCase()}`,
        });
      }
      i++;
      bytes += 4;
    } else {
      bytes += unit < 0x80 ? 1 : unit < 0x800 ? 2 : 3;
    }
    if (bytes > queryLimits.maxInputBytes) {
      throw limitError(
        language,
        input,
        start,
        `the ${language.field} is longer than the maximum of ${queryLimits.maxInputBytes} bytes (UTF-8)`,
        queryLimits.maxInputBytes,
      );
    }
  }
}
