/**
 * Seeded random values full of characters that need escaping somewhere, and the SPL that tests them.
 *
 * - `rng(seed)`: mulberry32, a small deterministic PRNG (same seed, same values on every machine);
 * - `randomValues(seed, n)`: n distinct values (distinct after JavaScript's `toLowerCase`, so a case-insensitive
 *   equality has exactly one answer among them) mixing quotes, backslashes, Lucene/KQL/query_string/Sigma/SPL
 *   operators, whitespace, non-ASCII letters, astral characters, combining marks, KQL keywords, leading and trailing
 *   spaces, trailing backslashes and empty-ish values;
 * - `splString`, `pcreLiteral`: SPL's own quoting and PCRE escaping, so the generated rule means exactly the value.
 */

import { mulberry32 } from '../helpers/random.js';

/** mulberry32: a 32-bit seeded PRNG returning floats in [0, 1). */
export const rng = mulberry32;

/** The seed: `SPL2X_ESCAPING_SEED` when set (a decimal integer), else a fixed default. */
export function seedFromEnv(fallback: number): number {
  const s = process.env['SPL2X_ESCAPING_SEED'];
  if (s === undefined || s === '') return fallback;
  const n = Number(s);
  if (!Number.isSafeInteger(n)) throw new Error(`SPL2X_ESCAPING_SEED must be an integer, got ${JSON.stringify(s)}`);
  return n;
}

/** Every ASCII punctuation character: the operators of SPL, Lucene regexp, query_string, KQL and Sigma. */
export const PUNCTUATION = [...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'];
export const WHITESPACE = [' ', '\t', '\n', '\r'];
/**
 * Non-ASCII: accented letters (both cases), a letter whose upper case is two letters (ß), Greek and Cyrillic, CJK,
 * Hangul, emoji and other astral characters (surrogate pairs in UTF-16), a combining mark on its own and after a
 * letter, a no-break space, a line separator, a ligature and a full-width letter.
 */
export const UNICODE = [
  'é', 'É', 'è', 'ü', 'Ü', 'ñ', 'Ñ', 'ø', 'Å', 'ß', 'Ω', 'ω', 'ж', 'Ж', 'ł', 'Ł',
  '漢', '字', '日本', '한국', '😀', '🔥', '👩‍💻', '𝒜', '𝔘', '\u{1F1EB}\u{1F1F7}',
  'e\u0301', '\u0301', '\u00A0', '\u2028', 'ﬃ', 'Ａ', 'ｆ', '½', '€',
];
/** Words some target's grammar reads: KQL keywords (any case), typed literals, Lucene/query_string words. */
export const WORDS = [
  'and', 'or', 'not', 'AND', 'OR', 'NOT', 'And', 'Or', 'Not', 'nOt', 'null', 'true', 'false', 'TO',
  'cmd.exe', 'C:\\Windows\\', '\\\\server\\share', '-enc', '/c', 'http://x', '\\n', '\\u0041', '\\t', 'NEAR',
];
/** Values that are mostly or entirely special: they must each be found too. */
export const EDGE_VALUES = [
  '', ' ', '  ', '\t', '\n', '\r\n', ' x ', '\\', '\\\\', '"', '""', "'", '*', '**', '?', '\\*', '\\?', 'a\\',
  'a\\\\', ' \\', 'not', 'and', 'or', 'NOT', ' or ', 'a or b', 'a and b', 'not a', 'a not', 'null', 'true', 'false',
  '\\not', '\\or', '(a)', '{a}', '[a]', '<a>', 'a:b', '/a/', '#', '@', '&', '~', '^', '$', '|', '||', '&&', '-', '+',
  '!', '=', '==', '%', '_', '`', '\u0301', '😀', '漢字', 'é', 'É', '\u00A0', 'a\u00A0b', ' ', '\t\t', 'a\nb',
];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

function token(r: () => number): string {
  const k = r();
  if (k < 0.22) {
    const n = 1 + Math.floor(r() * 6);
    let s = '';
    for (let i = 0; i < n; i++) s += pick(r, [...'abcdefxyzABCDEFXYZ']);
    return s;
  }
  if (k < 0.3) return String(Math.floor(r() * 1000));
  if (k < 0.62) return pick(r, PUNCTUATION);
  if (k < 0.72) return pick(r, WHITESPACE);
  if (k < 0.86) return pick(r, UNICODE);
  return pick(r, WORDS);
}

/** One random value (before de-duplication). */
export function randomValue(r: () => number): string {
  const n = Math.floor(r() * 9);
  let parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(token(r));
  // Keywords between spaces are what KQL reads as operators.
  if (r() < 0.1) parts = [...parts.slice(0, 1), ' ', pick(r, ['and', 'or', 'not', 'AND', 'OR', 'NOT']), ' ', ...parts.slice(1)];
  let v = parts.join('');
  if (r() < 0.08) v = ' '.repeat(1 + Math.floor(r() * 2)) + v;
  if (r() < 0.08) v = v + ' '.repeat(1 + Math.floor(r() * 2));
  if (r() < 0.1) v += '\\';
  return v;
}

/**
 * `n` distinct values, distinct after `toLowerCase()` (the JS matcher's case folding, docs/semantics.md), the
 * `EDGE_VALUES` first. Values are at most 200 UTF-16 units (far below Lucene's 32,766-byte term limit).
 */
export function randomValues(seed: number, n: number): string[] {
  const r = rng(seed);
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (v: string) => {
    const k = v.toLowerCase();
    if (seen.has(k) || v.length > 200) return;
    seen.add(k);
    out.push(v);
  };
  for (const v of EDGE_VALUES) if (out.length < n) add(v);
  let guard = 0;
  while (out.length < n) {
    add(randomValue(r));
    if (++guard > n * 50) throw new Error(`randomValues: cannot find ${n} distinct values`);
  }
  return out;
}

/** A double-quoted SPL string whose value is exactly `text`: only `\\` and `\"` are escapes in SPL strings. */
export function splString(text: string): string {
  return `"${text.replace(/[\\"]/g, '\\$&')}"`;
}

/**
 * `text` as a PCRE pattern matching exactly that text: ASCII punctuation escaped with a backslash (always a literal
 * in PCRE); `\n`, `\t`, `\r` written as escapes when `escapeWhitespace`, else as themselves; everything else as
 * itself (PCRE in UTF mode reads code points).
 */
export function pcreLiteral(text: string, escapeWhitespace: boolean): string {
  let out = '';
  for (const ch of text) {
    if (/^[!-/:-@[-`{-~]$/.test(ch)) out += `\\${ch}`;
    else if (escapeWhitespace && ch === '\n') out += '\\n';
    else if (escapeWhitespace && ch === '\t') out += '\\t';
    else if (escapeWhitespace && ch === '\r') out += '\\r';
    else out += ch;
  }
  return out;
}

/** The code points of a string (astral characters are one). */
export const codePoints = (s: string): string[] => [...s];
