/**
 * PCRE's built-in character types as Splunk uses PCRE (default options, no UCP: ASCII meanings, "C" locale
 * tables), as exact sets. JavaScript and Lucene give some of these escapes other meanings (JS `\s` has Unicode
 * spaces, Lucene `\s` lacks `\v` and `\f`, JS `\v` is one character), so printers spell these sets out.
 */
import { ALL, type CharSet, complement, fromRanges, ofChars, single } from './charset.js';

const cp = (c: string): number => c.codePointAt(0)!;

/** `\d` */
export const DIGIT = fromRanges([cp('0'), cp('9')]);
/** `\w` */
export const WORD = fromRanges([cp('0'), cp('9')], [cp('A'), cp('Z')], [cp('_'), cp('_')], [cp('a'), cp('z')]);
/** `\s`: space, `\t \n \v \f \r` (PCRE2 and PCRE ≥ 8.34 include `\v`). */
export const SPACE = fromRanges([0x09, 0x0d], [0x20, 0x20]);
/** `\h`: horizontal white space (UTF mode). */
export const HSPACE = fromRanges(
  [0x09, 0x09],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x180e, 0x180e],
  [0x2000, 0x200a],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
);
/** `\v` in PCRE: vertical white space (not JavaScript's single `\v`). */
export const VSPACE = fromRanges([0x0a, 0x0d], [0x85, 0x85], [0x2028, 0x2029]);

export const NEWLINE = single(0x0a);
/** `.` without `(?s)`: anything but a newline (PCRE's default newline convention is LF). */
export const DOT = complement(NEWLINE);
/** `.` with `(?s)`. */
export const DOT_ALL = ALL;

/** POSIX classes `[:name:]` (ASCII, "C" locale). */
export const POSIX: Readonly<Record<string, CharSet>> = {
  alpha: fromRanges([0x41, 0x5a], [0x61, 0x7a]),
  digit: DIGIT,
  alnum: fromRanges([0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]),
  upper: fromRanges([0x41, 0x5a]),
  lower: fromRanges([0x61, 0x7a]),
  space: SPACE,
  blank: ofChars(' \t'),
  punct: fromRanges([0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]),
  print: fromRanges([0x20, 0x7e]),
  graph: fromRanges([0x21, 0x7e]),
  cntrl: fromRanges([0x00, 0x1f], [0x7f, 0x7f]),
  xdigit: fromRanges([0x30, 0x39], [0x41, 0x46], [0x61, 0x66]),
  word: WORD,
  ascii: fromRanges([0x00, 0x7f]),
};

export function escapeClass(kind: 'digit' | 'space' | 'word'): CharSet {
  return kind === 'digit' ? DIGIT : kind === 'space' ? SPACE : WORD;
}
