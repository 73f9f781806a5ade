/**
 * Value escaping for Elasticsearch (the one place the esdsl target escapes text): `wildcard` patterns and Lucene
 * `regexp` literals, and the breaker classes raw-text search is bounded by (the JS matcher's, as Lucene classes).
 */
import type { ValuePattern } from '../../values/pattern.js';
import { MAJOR_BREAKERS as JS_MAJOR_BREAKERS, MINOR_BREAKERS as JS_MINOR_BREAKERS } from '../js/runtime/raw.js';

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
 * The characters a JavaScript regex class body lists, in the order written: `\s` is every character JavaScript's
 * `\s` matches (the space first, then by code point; all are in the BMP), `\x` a punctuation character x, anything
 * else itself. Ranges and other escapes are refused (the runtime's breaker classes use none).
 */
export function classChars(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\') {
      const next = body[++i] ?? '';
      if (next === 's') out += jsWhitespace();
      else if (/^[!-/:-@[-`{-~]$/.test(next)) out += next;
      else throw new Error(`breaker class: unsupported escape \\${next} in ${body}`);
    } else if (c === '-' && i > 0 && i < body.length - 1) throw new Error(`breaker class: a range in ${body}`);
    else out += c;
  }
  return out;
}

/** Every character JavaScript's `\s` matches: the space, then the others by code point. */
function jsWhitespace(): string {
  let out = ' ';
  for (let cp = 0; cp <= 0xffff; cp++) {
    const ch = String.fromCharCode(cp);
    if (ch !== ' ' && /\s/u.test(ch)) out += ch;
  }
  return out;
}

/**
 * Breakers: the JS matcher's definitions (`src/targets/js/runtime/raw.ts`, the reference implementation of
 * docs/semantics.md "Raw search"), as literal characters: major = whitespace and `[ ] < > ( ) { } | ! ; , ' " * & ?
 * +`, minor = `/ : = @ . - $ # % \ _`. Whitespace is JavaScript's `\s`, spelled out (Lucene has no `\s` before 9.0,
 * and its `\s` is ASCII only).
 */
export const MAJOR_BREAKERS = classChars(JS_MAJOR_BREAKERS);
/** Minor breakers (see MAJOR_BREAKERS). */
export const MINOR_BREAKERS = classChars(JS_MINOR_BREAKERS);

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
