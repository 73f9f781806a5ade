/**
 * Value escaping for Elasticsearch (the one place the esdsl target escapes text): `wildcard` patterns and Lucene
 * `regexp` literals, and the breaker classes raw-text search is bounded by.
 */
import type { ValuePattern } from '../../values/pattern.js';

/** A `wildcard` query value: literal `\ * ?` escaped with `\`; SPL `*` → `*`, like's `_` → `?`. */
export function wildcardValue(p: ValuePattern): string {
  return p.parts.map((x) => (x.kind === 'lit' ? x.text.replace(/[\\*?]/g, '\\$&') : x.kind === 'any' ? '*' : '?')).join('');
}

/**
 * Lucene RegExp reserved characters outside a class: the standard operators, the optional ones enabled by the
 * default `flags: ALL` (`# @ & < > ~`), and `^ $` (literal in Lucene, escaped so nobody reads them as anchors).
 */
const REGEXP_RESERVED = /[.?+*|{}[\]()"\\#@&<>~^$]/g;

/**
 * Literal text as a Lucene regexp. With `foldCase`, letters whose case ASCII folding (`case_insensitive`) does
 * not cover (non-ASCII letters) become explicit classes like `[éÉ]`; ASCII letters are left to the query's
 * `case_insensitive: true`.
 */
export function regexpLiteral(text: string, foldCase = false): string {
  let out = '';
  for (const ch of text) {
    if (foldCase && ch.charCodeAt(0) > 0x7f) {
      const variants = [...new Set([ch, ch.toLowerCase(), ch.toUpperCase()].filter((v) => [...v].length === 1))];
      if (variants.length > 1) {
        out += `[${variants.join('')}]`;
        continue;
      }
    }
    out += ch.replace(REGEXP_RESERVED, '\\$&');
  }
  return out;
}

/** Characters as the members of a Lucene class `[…]`: every ASCII punctuation character escaped. */
export function regexpClassMembers(chars: string): string {
  return [...chars].map((c) => (/[!-/:-@[-`{-~]/.test(c) ? `\\${c}` : c)).join('');
}

/**
 * Breakers, as docs/semantics.md ("Raw search") defines them and the JS matcher (`src/targets/js/runtime/raw.ts`,
 * the reference implementation) applies them:
 * - major: whitespace and `[ ] < > ( ) { } | ! ; , ' " * & ? +`;
 * - minor: `/ : = @ . - $ # % \ _`.
 * Whitespace is JavaScript's `\s`, spelled out (Lucene has no `\s` before 9.0, and its `\s` is ASCII only).
 */
export const WHITESPACE = ' \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';
export const MAJOR_BREAKERS = `${WHITESPACE}[]<>(){}|!;,'"*&?+`;
export const MINOR_BREAKERS = '/:=@.-$#%\\_';

/** A Lucene class matching one breaker of the set. */
export function breakerClass(chars: string): string {
  return `[${regexpClassMembers(chars)}]`;
}

/** Whether the text has a letter whose case can change (so `case_insensitive` is worth saying). */
export function hasCase(text: string): boolean {
  return text.toLowerCase() !== text.toUpperCase();
}

/** Whether a Lucene regexp uses an optional operator (`~ & @ # <…>`) unescaped, outside a class or a quote. */
export function usesOptionalOperators(re: string): boolean {
  let inClass = false;
  let inQuote = false;
  for (let i = 0; i < re.length; i++) {
    const c = re[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (inQuote) {
      if (c === '"') inQuote = false;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '"') inQuote = true;
    else if ('~&@#<'.includes(c)) return true;
  }
  return false;
}
