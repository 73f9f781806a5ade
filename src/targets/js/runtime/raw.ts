/**
 * Raw-text search on `_raw` (docs/semantics.md, "Raw search"): `term` is bounded by breakers, `phrase` is a
 * substring, `indexed` (`TERM(x)`) is bounded by major breakers; all case-insensitive unless `CASE()`.
 *
 * The meaning is defined on the lower-cased text (`toLowerCase()` of the text and of the pattern). The search does
 * not lower-case the text when it need not: for a pattern whose literal text is ASCII, a match in the lower-cased
 * text is exactly a match in the text itself of a RegExp with the `i` flag (no `u`: its case folding maps no
 * non-ASCII character to an ASCII one), where `k` also matches U+212A KELVIN SIGN and an `i` that ends a literal
 * before a `*` or the end of a phrase also matches U+0130 (whose lower case is `i` + U+0307): these two are the only
 * characters whose lower case contains an ASCII character. Breakers keep their positions: no character's lower case
 * is or contains a breaker unless the character is one. The start boundary is checked on each candidate match
 * instead of a lookbehind, which V8 would try at every position of the text.
 */
import { escapeRegExp } from './value.js';
import type { PatternSpec } from './match.js';

/** Major breakers (Splunk's default segmenters.conf, without the multi-character ones). */
export const MAJOR_BREAKERS = '\\s\\[\\]<>(){}|!;,\'"*&?+';
/** Minor breakers. */
export const MINOR_BREAKERS = '/:=@.\\-$#%\\\\_';

const MAJOR_RE = new RegExp(`[${MAJOR_BREAKERS}]`, 'u');
const ANY_BREAKER_RE = new RegExp(`[${MAJOR_BREAKERS}${MINOR_BREAKERS}]`, 'u');

/** A compiled raw search on a text (the event's raw text). */
export type RawTest = (text: string) => boolean;

/** Whether a UTF-16 code unit is a breaker of the set `re` (a one-character class). */
function breakerTable(re: RegExp): (code: number) => boolean {
  const ascii = new Uint8Array(128);
  for (let i = 0; i < 128; i++) ascii[i] = re.test(String.fromCharCode(i)) ? 1 : 0;
  return (code) => (code < 128 ? ascii[code] === 1 : re.test(String.fromCharCode(code)));
}
const IS_MAJOR = breakerTable(MAJOR_RE);
const IS_ANY_BREAKER = breakerTable(ANY_BREAKER_RE);

/** The position after the code point at `i` (a `u` RegExp never starts a match inside a surrogate pair). */
function next(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff) return i + 1;
  const d = text.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff ? i + 2 : i + 1;
}

/** A literal (already lower-cased) as RegExp source for a match in the original text with the `i` flag. */
function foldedLiteral(text: string, dottedIAtEnd: boolean): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === 'k') out += '[k\\u212a]';
    else if (ch === 'i' && dottedIAtEnd && i === text.length - 1) out += '(?:i|\\u0130)';
    else out += escapeRegExp(ch);
  }
  return out;
}

/**
 * Compile a raw search. `term`: a match must start after a breaker (or the text's start) and end before one (or the
 * text's end); a term whose first (last) character is itself a breaker, or a wildcard, needs none on that side.
 * `phrase`: anywhere. `indexed`: bounded by major breakers or the text's ends. `*` matches any run.
 */
export function rawSearch(mode: 'term' | 'phrase' | 'indexed', spec: PatternSpec, caseSensitive: boolean): RawTest {
  const parts = spec.map((p) => (typeof p === 'string' && !caseSensitive ? p.toLowerCase() : p));
  const isBreakerRe = mode === 'term' ? ANY_BREAKER_RE : MAJOR_RE;
  const first = parts[0];
  const last = parts[parts.length - 1];
  const bounded = mode !== 'phrase';
  const openStart = !bounded || first === undefined || first === 0 || (typeof first === 'string' && isBreakerRe.test(first[0] ?? ''));
  const openEnd = !bounded || last === undefined || last === 0 || (typeof last === 'string' && isBreakerRe.test(last[last.length - 1] ?? ''));
  const breakers = mode === 'term' ? `${MAJOR_BREAKERS}${MINOR_BREAKERS}` : MAJOR_BREAKERS;
  const isBreaker = mode === 'term' ? IS_ANY_BREAKER : IS_MAJOR;
  // On the text itself (case-sensitive, or ASCII literals without one-character wildcards), else on its lower case.
  const direct = caseSensitive || parts.every((p) => p === 0 || (typeof p === 'string' && /^[\x00-\x7f]*$/.test(p)));
  const body = parts
    .map((p, i) => {
      if (p === 0) return '[\\s\\S]*';
      if (p === 1) return '[\\s\\S]';
      if (caseSensitive || !direct) return escapeRegExp(p);
      const next = parts[i + 1];
      return foldedLiteral(p, next === 0 || (next === undefined && !bounded));
    })
    .join('');
  const src = `${body}${openEnd ? '' : `(?=[${breakers}]|$)`}`;
  // `u` (one-character wildcards are one code point) except for the folded search, which must not fold with it.
  const flags = direct && !caseSensitive ? 'i' : 'u';
  const fold = direct ? (t: string) => t : (t: string) => t.toLowerCase();
  if (!bounded && parts.every((p) => typeof p === 'string') && (caseSensitive || !direct)) {
    const lit = parts.join('');
    return (text) => fold(text).includes(lit);
  }
  if (openStart) {
    const re = new RegExp(src, flags);
    return (text) => re.test(fold(text));
  }
  const re = new RegExp(src, `${flags}g`);
  // Every match candidate in order of its start; the first whose preceding character is a breaker (or none) wins.
  const fixed = parts.every((p) => p !== 0 && p !== 1);
  if (fixed && direct) {
    // Every alternative of the literal is one code unit: the match starts `length` units before lastIndex.
    const length = parts.reduce<number>((n, p) => n + (p as string).length, 0);
    return (text) => {
      re.lastIndex = 0;
      while (re.test(text)) {
        const start = re.lastIndex - length;
        if (start === 0 || isBreaker(text.charCodeAt(start - 1))) return true;
        re.lastIndex = next(text, start);
      }
      return false;
    };
  }
  return (text) => {
    const t = fold(text);
    re.lastIndex = 0;
    for (let m = re.exec(t); m !== null; m = re.exec(t)) {
      const start = m.index;
      if (start === 0 || isBreaker(t.charCodeAt(start - 1))) return true;
      re.lastIndex = next(t, start);
    }
    return false;
  };
}
