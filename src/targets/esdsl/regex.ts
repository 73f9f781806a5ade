/**
 * The esdsl target's one door to the regex module (`src/regex/`, contract in `src/regex/types.ts`): PCRE → Lucene
 * for `regexp` queries, PCRE → JavaScript for filters applied to rows client-side.
 */
import { pcreToJs, pcreToLucene } from '../../regex/index.js';
import type { JsRegex, LuceneRegex, RegexError } from '../../regex/types.js';

export function toLucene(pcre: string): LuceneRegex | { readonly error: RegexError } {
  return pcreToLucene(pcre);
}

export function toJs(pcre: string): JsRegex | { readonly error: RegexError } {
  return pcreToJs(pcre);
}
