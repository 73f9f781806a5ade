/**
 * The contract of the regex module (`src/regex/`): one PCRE parser and one printer per target language.
 * Every translation says how faithful it is; none silently changes what matches.
 */

/** How a translated regex relates to the PCRE it came from (for an unanchored search in a field value). */
export type RegexFidelity = 'exact' | 'superset' | 'unsupported';

export interface RegexNote {
  readonly message: string;
  /** Offset range in the PCRE source the note is about, when it is about one construct. */
  readonly start?: number;
  readonly end?: number;
}

/** Flags that apply to the whole pattern (PCRE inline `(?i)` etc. at the start, or given by the caller). */
export interface RegexFlags {
  readonly caseInsensitive: boolean;
  readonly multiline: boolean;
  readonly dotAll: boolean;
  readonly extended: boolean;
}

export interface RegexError {
  readonly message: string;
  /** Offset in the PCRE source. */
  readonly offset: number;
}

/** A JavaScript RegExp equivalent to a PCRE search (same matches on every string). */
export interface JsRegex {
  readonly source: string;
  readonly flags: string;
  readonly fidelity: RegexFidelity;
  readonly notes: readonly RegexNote[];
}

/** A Lucene (Elasticsearch `regexp`) pattern: anchored, so an unanchored PCRE gets `.*` at its open ends. */
export interface LuceneRegex {
  readonly pattern: string;
  /** Use `case_insensitive: true` on the query (ASCII folding only: see semantics.md B1). */
  readonly caseInsensitive: boolean;
  readonly fidelity: RegexFidelity;
  readonly notes: readonly RegexNote[];
}

/**
 * The functions `src/regex/index.ts` exports (implemented by the regex module; listed here so every target codes
 * against the same contract):
 *
 * - `parsePcre(source): { ok: true; ast; flags: RegexFlags } | { ok: false; error: RegexError }` — PCRE as SPL's
 *   `regex`/`rex`/`match()` receive it (leading inline flags like `(?i)` become `flags`).
 * - `pcreToJs(source, opts?: { caseInsensitive?: boolean }): JsRegex | { error: RegexError }` — same matches in JS
 *   (PCRE `\s`, `.`, `$` differ from JS: spelled out explicitly).
 * - `pcreToLucene(source): LuceneRegex | { error: RegexError }` — for ES `regexp` (anchored; `.*` added at open
 *   ends; `^`/`$` handled by anchoring; `\d \w \s \xHH` spelled out; `@ & < > ~ # "` escaped; lookaround,
 *   backreferences, lazy quantifiers, inline flags → `unsupported`, or `superset` when dropping them is safe).
 * - `pcreToWildcard(source): { pattern: ValuePattern; fidelity: 'exact' | 'superset' } | undefined` — the tightest
 *   `*`-wildcard pattern over the whole value that matches at least what the regex matches (for KQL and Sigma);
 *   undefined when nothing tighter than "the field exists" is possible.
 * - `pcreToSigma(source): { pattern: string; flags: readonly ('i' | 'm' | 's')[]; fidelity: RegexFidelity; notes }
 *   | { error: RegexError }` — a pattern in Sigma's supported regex subset (`|re` with `|i|m|s` modifiers).
 */
export type RegexModuleContract = never;
