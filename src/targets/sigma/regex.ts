/**
 * The regex module (`src/regex/`) as the Sigma target uses it: a PCRE search in Sigma's `|re` subset, or the
 * tightest wildcard values when there is none.
 */
import { pcreToSigma, pcreToWildcard } from '../../regex/index.js';
import type { ValuePattern } from '../../values/pattern.js';

export type SigmaRegexFlag = 'i' | 'm' | 's';

export type SigmaRegex =
  | {
      readonly ok: true;
      readonly pattern: string;
      readonly flags: readonly SigmaRegexFlag[];
      /** `superset`: the Sigma regex matches at least what the PCRE does (maybe more). */
      readonly fidelity: 'exact' | 'superset';
      readonly notes: readonly string[];
    }
  | { readonly ok: false; readonly reason: string };

/** `caseInsensitive`: the search is case-insensitive as a whole (as if the PCRE began with `(?i)`). */
export function regexToSigma(pcre: string, caseInsensitive: boolean): SigmaRegex {
  const r = pcreToSigma(pcre, { caseInsensitive });
  if ('error' in r) return { ok: false, reason: `cannot parse: ${r.error.message}` };
  const notes = r.notes.map((n) => n.message);
  if (r.fidelity === 'unsupported') return { ok: false, reason: notes.join('; ') || 'outside the regex subset Sigma supports' };
  return { ok: true, pattern: r.pattern, flags: r.flags, fidelity: r.fidelity, notes };
}

export interface WildcardValues {
  /** Whole-value patterns to OR together. */
  readonly anyOf: readonly ValuePattern[];
  readonly fidelity: 'exact' | 'superset';
  /** The literal parts compare case-insensitively (else `|cased` is needed for an exact test). */
  readonly caseInsensitive: boolean;
}

/** Wildcard values matching at least every value the PCRE finds a match in; undefined when only "exists" would. */
export function regexToWildcard(pcre: string, caseInsensitive: boolean): WildcardValues | undefined {
  const w = pcreToWildcard(pcre, { caseInsensitive });
  if (!w) return undefined;
  return w.anyOf.length > 0
    ? { anyOf: w.anyOf, fidelity: w.anyOfFidelity, caseInsensitive: w.caseInsensitive }
    : { anyOf: [w.pattern], fidelity: w.fidelity, caseInsensitive: w.caseInsensitive };
}
