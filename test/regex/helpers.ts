/**
 * Test-only, deliberately independent readers of what the regex module prints: each knows only the target syntax
 * the printers emit, and turns it into a JavaScript RegExp with the target's meaning, so the property tests can
 * compare languages by running both on many strings.
 */
import type { ValuePattern } from '../../src/values/pattern.js';
import { mulberry32 } from '../helpers/random.js';

const lit = (ch: string): string => `\\u{${ch.codePointAt(0)!.toString(16)}}`;

/** A character, or both ASCII cases of a letter (Lucene's `case_insensitive` folds single ASCII characters). */
function luceneChar(ch: string, ci: boolean): string {
  if (ci && /^[A-Za-z]$/.test(ch)) return `[${lit(ch.toLowerCase())}${lit(ch.toUpperCase())}]`;
  return lit(ch);
}

/**
 * Lucene RegExp (as Elasticsearch `regexp` runs it: anchored, `.` = any code point, `\` + non-letter = literal,
 * `[…]` classes, `( ) | * + ? {n,m}`, `#` empty language) → an anchored JS RegExp.
 */
export function luceneToJs(pattern: string, caseInsensitive: boolean): RegExp {
  const cps = [...pattern];
  let out = '';
  let i = 0;
  const next = (): string => {
    const c = cps[i++];
    if (c === undefined) throw new Error(`unexpected end of ${pattern}`);
    return c;
  };
  while (i < cps.length) {
    const c = next();
    if (c === '\\') {
      const e = next();
      if (/[A-Za-z]/.test(e)) throw new Error(`Lucene rejects \\${e}`);
      out += luceneChar(e, caseInsensitive);
    } else if (c === '[') {
      let body = '';
      const negate = cps[i] === '^';
      if (negate) i++;
      while (cps[i] !== ']') {
        let lo = next();
        if (lo === '\\') lo = next();
        if (cps[i] === '-' && cps[i + 1] !== ']') {
          i++;
          let hi = next();
          if (hi === '\\') hi = next();
          body += `${lit(lo)}-${lit(hi)}`;
        } else body += caseInsensitive && /^[A-Za-z]$/.test(lo) ? lit(lo.toLowerCase()) + lit(lo.toUpperCase()) : lit(lo);
      }
      i++;
      out += `[${negate ? '^' : ''}${body}]`;
    } else if (c === '.') out += '[\\s\\S]';
    else if (c === '#') out += '[]';
    else if (c === '(') out += '(?:';
    else if (')|*+?'.includes(c)) out += c;
    else if (c === '{') {
      let q = c;
      while (cps[i - 1] !== '}') q += next();
      out += q;
    } else if ('"@&<>~'.includes(c)) throw new Error(`unescaped Lucene operator ${c} in ${pattern}`);
    else out += luceneChar(c, caseInsensitive);
  }
  return new RegExp(`^(?:${out})$`, 'u');
}

/**
 * Sigma `|re` in the subset the Sigma printer emits (PCRE flavour: `.` no newline unless `s`, `^ $` with PCRE's
 * meaning, `m` for lines, `i` for case) → a JS RegExp searching the same way.
 */
export function sigmaToJs(pattern: string, flags: readonly string[]): RegExp {
  const m = flags.includes('m');
  const s = flags.includes('s');
  const cps = [...pattern];
  let out = '';
  let i = 0;
  const next = (): string => {
    const c = cps[i++];
    if (c === undefined) throw new Error(`unexpected end of ${pattern}`);
    return c;
  };
  while (i < cps.length) {
    const c = next();
    if (c === '\\') {
      const e = next();
      if (!/[\\^$.|?*+()[\]{}]/.test(e)) throw new Error(`escape \\${e} is outside Sigma's subset`);
      out += lit(e);
    } else if (c === '[') {
      let body = '';
      if (cps[i] === '^') {
        body += '^';
        i++;
      }
      while (cps[i] !== ']') {
        const x = next();
        if (x === '\\') body += lit(next());
        else if (x === '-') body += '-';
        else body += lit(x);
      }
      i++;
      out += `[${body}]`;
    } else if (c === '.') out += s ? '[\\s\\S]' : '[^\\n]';
    else if (c === '^') out += m ? '(?:^|(?<=\\n)(?=[\\s\\S]))' : '^';
    else if (c === '$') out += m ? '(?=\\n|$)' : '(?=\\n?$)';
    else if (c === '(') out += '(?:';
    else if (')|*+?'.includes(c)) out += c;
    else if (c === '{') {
      let q = c;
      while (cps[i - 1] !== '}') q += next();
      out += q;
    } else out += lit(c);
  }
  return new RegExp(out, flags.includes('i') ? 'iu' : 'u');
}

/** A `*` wildcard pattern over the whole value → anchored JS RegExp. */
export function wildcardToJs(p: ValuePattern, caseInsensitive: boolean): RegExp {
  const body = p.parts.map((x) => (x.kind === 'lit' ? [...x.text].map(lit).join('') : x.kind === 'any' ? '[\\s\\S]*' : '[\\s\\S]')).join('');
  return new RegExp(`^${body}$`, caseInsensitive ? 'iu' : 'u');
}

/** Deterministic pseudo-random numbers (mulberry32). */
export const random = mulberry32;

/** Characters every generated string may contain: the ones PCRE, JS and Lucene disagree on. */
export const TRICKY = [
  ...'\n\r\t\v\f \u00a0\u2028\u0085\u3000',
  ...'éÉ😀_-\\.09aAz',
];

/**
 * Strings built from pieces: the pattern's own literal runs (so matches are frequent), single characters of them,
 * and the tricky characters. `n` strings of up to `maxPieces` pieces, plus the empty string.
 */
export function sampleStrings(pcre: string, n: number, seed = 1, maxPieces = 6): string[] {
  const rnd = random(seed);
  const runs = pcre.split(/[\\^$.|?*+()[\]{}]+/).filter((x) => x.length > 0);
  const chars = [...new Set([...pcre].filter((c) => !/[\\^$|?*+()[\]{}]/.test(c)))];
  const pieces = [...runs, ...runs, ...chars, ...TRICKY];
  const out = new Set<string>(['']);
  while (out.size < n) {
    let s = '';
    const len = 1 + Math.floor(rnd() * maxPieces);
    for (let k = 0; k < len; k++) s += pieces[Math.floor(rnd() * pieces.length)]!;
    out.add(s);
  }
  return [...out];
}
