import type { WireError } from "../errors/WireError.js";
import { queryError } from "./queryError.js";
import { quoteExcerpt } from "./quoteExcerpt.js";
import type { QueryLanguage } from "./QueryLanguage.js";

/**
 * A filter that is valid AIP-160 but uses a feature this service refuses by design (docs/filters.md,
 * "AIP-160 features"): `feature` names it (singular: "<feature> is not supported"), `at` is the input that uses it, `hint` says what to write
 * instead. ErrorInfo metadata `unsupported` carries the feature's name, so a client can tell this
 * from a typo.
 */
export function unsupportedError(
  source: { readonly language: QueryLanguage; readonly input: string },
  at: { readonly start: number; readonly text: string },
  feature: string,
  hint: string,
): WireError {
  const language = source.language;
  const sentence = `${feature} is not supported. ${hint} Example: ${language.example}`;
  return queryError(language, source.input, at.start, sentence, { unsupported: feature, found: quoteExcerpt(at.text) });
}
