/**
 * The esdsl target's one door to the regex module (`src/regex/`, contract in `src/regex/types.ts`): PCRE → Lucene
 * for `regexp` queries. Filters applied to rows client-side use the JS matcher's translation
 * (`src/targets/js/regex.ts`), so they match exactly what `spl2x run` matches.
 */
import { pcreToLucene } from '../../regex/index.js';
import type { LuceneRegex, RegexError } from '../../regex/types.js';

export function toLucene(pcre: string): LuceneRegex | { readonly error: RegexError } {
  return pcreToLucene(pcre);
}
