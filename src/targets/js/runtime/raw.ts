/**
 * Raw-text search on `_raw` (docs/semantics.md, "Raw search"): `term` is bounded by breakers, `phrase` is a
 * substring, `indexed` (`TERM(x)`) is bounded by major breakers; all case-insensitive unless `CASE()`.
 */
import { rawText, rawTextLower } from './event.js';
import type { PatternSpec } from './match.js';
import { escapeRegExp, type Row } from './value.js';

/** Major breakers (Splunk's default segmenters.conf, without the multi-character ones). */
export const MAJOR_BREAKERS = '\\s\\[\\]<>(){}|!;,\'"*&?+';
/** Minor breakers. */
export const MINOR_BREAKERS = '/:=@.\\-$#%\\\\_';

const MAJOR_RE = new RegExp(`[${MAJOR_BREAKERS}]`, 'u');
const ANY_BREAKER_RE = new RegExp(`[${MAJOR_BREAKERS}${MINOR_BREAKERS}]`, 'u');

export type RawTest = (r: Row) => boolean;

/**
 * Compile a raw search. `term`: a match must start after a breaker (or the text's start) and end before one (or the
 * text's end); a term whose first (last) character is itself a breaker, or a wildcard, needs none on that side.
 * `phrase`: anywhere. `indexed`: bounded by major breakers or the text's ends. `*` matches any run.
 */
export function rawSearch(mode: 'term' | 'phrase' | 'indexed', spec: PatternSpec, caseSensitive: boolean): RawTest {
  const parts = spec.map((p) => (typeof p === 'string' && !caseSensitive ? p.toLowerCase() : p));
  const text = caseSensitive ? rawText : rawTextLower;
  if (mode === 'phrase' && parts.every((p) => typeof p === 'string')) {
    const lit = parts.join('');
    return (r) => text(r).includes(lit);
  }
  const body = parts.map((p) => (typeof p === 'string' ? escapeRegExp(p) : p === 0 ? '[\\s\\S]*' : '[\\s\\S]')).join('');
  let src = body;
  if (mode !== 'phrase') {
    const breakers = mode === 'term' ? `${MAJOR_BREAKERS}${MINOR_BREAKERS}` : MAJOR_BREAKERS;
    const isBreaker = mode === 'term' ? ANY_BREAKER_RE : MAJOR_RE;
    const first = parts[0];
    const last = parts[parts.length - 1];
    const openStart = first === undefined || first === 0 || (typeof first === 'string' && isBreaker.test(first[0] ?? ''));
    const openEnd = last === undefined || last === 0 || (typeof last === 'string' && isBreaker.test(last[last.length - 1] ?? ''));
    src = `${openStart ? '' : `(?<=^|[${breakers}])`}${body}${openEnd ? '' : `(?=[${breakers}]|$)`}`;
  }
  const re = new RegExp(src, 'u');
  return (r) => re.test(text(r));
}
