/**
 * Case folding for `(?i)`: the characters a case-insensitive regex treats as equal.
 *
 * Decision (docs/regex.md): Unicode simple case folding (what PCRE2 does in UTF mode and
 * JavaScript with the `iu` flags), except that a non-ASCII character never folds to an ASCII one: U+017F `ſ` is
 * not an `s` and U+212A (Kelvin sign) is not a `k`. ASCII letters thus fold exactly as in Lucene's
 * `case_insensitive` and in PCRE without UTF; JavaScript's `iu` does fold those two (a known, documented gap).
 */
import { type CharSet, type Range, fromRanges, union } from './charset.js';

interface FoldTable {
  /** Every code point above ASCII that has another case, ascending. */
  readonly cased: readonly number[];
  /** The members of each such code point's class (itself included). */
  readonly classOf: ReadonlyMap<number, readonly number[]>;
}

let table: FoldTable | undefined;

function singleCodePoint(s: string): number | undefined {
  const cp = s.codePointAt(0);
  return cp !== undefined && s.length === (cp > 0xffff ? 2 : 1) ? cp : undefined;
}

/** A canonical representative: the lower case of the upper case, when both are single code points. */
function canon(cp: number): number {
  const ch = String.fromCodePoint(cp);
  const upper = singleCodePoint(ch.toUpperCase()) ?? cp;
  return singleCodePoint(String.fromCodePoint(upper).toLowerCase()) ?? singleCodePoint(ch.toLowerCase()) ?? cp;
}

function foldTable(): FoldTable {
  if (table) return table;
  const groups = new Map<number, number[]>();
  // Cased letters all lie below U+1FFFF (the last script with case is Adlam, U+1E900…).
  for (let cp = 0x80; cp <= 0x1ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const c = canon(cp);
    if (c === cp || c < 0x80) continue; // uncased, a class representative, or non-ASCII folding to ASCII (excluded)
    const g = groups.get(c) ?? [];
    g.push(cp);
    groups.set(c, g);
  }
  const classOf = new Map<number, number[]>();
  for (const [c, g] of groups) {
    const members = [...new Set([c, ...g])].sort((a, b) => a - b);
    if (members.length < 2) continue;
    for (const m of members) classOf.set(m, members);
  }
  table = { cased: [...classOf.keys()].sort((a, b) => a - b), classOf };
  return table;
}

const ASCII_UPPER: Range = [0x41, 0x5a];
const ASCII_LOWER: Range = [0x61, 0x7a];

/** The set closed under case folding: every character plus its other cases. */
export function caseClose(s: CharSet): CharSet {
  const extra: Range[] = [];
  let needsTable = false;
  for (const [lo, hi] of s.ranges) {
    for (const [base, other] of [
      [ASCII_UPPER, 0x20],
      [ASCII_LOWER, -0x20],
    ] as const) {
      const a = Math.max(lo, base[0]);
      const b = Math.min(hi, base[1]);
      if (a <= b) extra.push([a + other, b + other]);
    }
    if (hi >= 0x80) needsTable = true;
  }
  if (needsTable) {
    const { cased, classOf } = foldTable();
    for (const [lo, hi] of s.ranges) {
      if (hi < 0x80) continue;
      let i = lowerBound(cased, lo);
      for (; i < cased.length && cased[i]! <= hi; i++) {
        for (const m of classOf.get(cased[i]!) ?? []) extra.push([m, m]);
      }
    }
  }
  return extra.length ? union(s, fromRanges(...extra)) : s;
}

/** The other cases of one character (itself included), under the same folding. */
export function caseVariants(cp: number): number[] {
  if (cp >= 0x41 && cp <= 0x5a) return [cp, cp + 0x20];
  if (cp >= 0x61 && cp <= 0x7a) return [cp - 0x20, cp];
  if (cp < 0x80) return [cp];
  return [...(foldTable().classOf.get(cp) ?? [cp])];
}

/** Whether the character has another case (so case folding changes what matches it). */
export function hasOtherCase(cp: number): boolean {
  return caseVariants(cp).length > 1;
}

function lowerBound(xs: readonly number[], v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
