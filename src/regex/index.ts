/**
 * The regex module: one PCRE parser (regexpp underneath, `parse.ts`) and one printer per target language.
 * Contract: `types.ts`. Meanings, verdicts per construct and decisions: docs/regex.md.
 */
import { parsePcre as parse } from './parse.js';
import { printJs } from './print-js.js';
import { printLucene } from './print-lucene.js';
import { type SigmaRegex, printSigma } from './sigma.js';
import type { JsRegex, LuceneRegex, RegexError } from './types.js';
import { type WildcardResult, printWildcard } from './wildcard.js';

export type { JsRegex, LuceneRegex, RegexError, RegexFidelity, RegexFlags, RegexNote } from './types.js';
export type { PcreAst } from './ast.js';
export type { ParseOptions, ParseResult } from './parse.js';
export type { SigmaFlag, SigmaRegex } from './sigma.js';
export type { WildcardResult } from './wildcard.js';
export { topLevelAlternatives } from './alternatives.js';

export interface TranslateOptions {
  /** Case-insensitive from the start, as if the pattern began with `(?i)`. */
  readonly caseInsensitive?: boolean;
}

/** PCRE as SPL's `regex`/`rex`/`match()` receive it → syntax tree; leading inline flags become `flags`. */
export const parsePcre = parse;

/** Same matches in JavaScript (`u` flag, `i` when case-insensitive; named groups kept). */
export function pcreToJs(source: string, opts: TranslateOptions = {}): JsRegex | { readonly error: RegexError } {
  const r = parse(source, opts);
  return r.ok ? withParseNotes(printJs(r.ast), r.ast.notes) : { error: r.error };
}

/** An Elasticsearch `regexp` pattern matching exactly the values the PCRE finds a match in (or more: `superset`). */
export function pcreToLucene(source: string, opts: TranslateOptions = {}): LuceneRegex | { readonly error: RegexError } {
  const r = parse(source, opts);
  return r.ok ? withParseNotes(printLucene(r.ast), r.ast.notes) : { error: r.error };
}

/**
 * The tightest `*` pattern over the whole value that matches every value the PCRE finds a match in; undefined when
 * nothing tighter than "the field exists" is possible (or the regex does not parse).
 */
export function pcreToWildcard(source: string, opts: TranslateOptions = {}): WildcardResult | undefined {
  const r = parse(source, opts);
  return r.ok ? printWildcard(r.ast) : undefined;
}

/** A regex in Sigma's `|re` subset, with the `i m s` modifiers it needs. */
export function pcreToSigma(source: string, opts: TranslateOptions = {}): SigmaRegex | { readonly error: RegexError } {
  const r = parse(source, opts);
  return r.ok ? withParseNotes(printSigma(r.ast), r.ast.notes) : { error: r.error };
}

function withParseNotes<T extends { readonly notes: readonly unknown[] }>(t: T, notes: T['notes']): T {
  return notes.length ? { ...t, notes: [...notes, ...t.notes] } : t;
}
