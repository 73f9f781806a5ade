/**
 * Sets of code points (0 … U+10FFFF) as sorted, disjoint, non-adjacent inclusive ranges. Every character-matching
 * construct of a regex (a literal, `.`, `\d`, a class) becomes one of these, with its exact meaning under the flags
 * in force, so printers never re-interpret escapes.
 */

export const MAX_CODE_POINT = 0x10ffff;

/** A range `[lo, hi]`, both inclusive. */
export type Range = readonly [number, number];

export interface CharSet {
  readonly ranges: readonly Range[];
}

function normalize(ranges: Range[]): CharSet {
  const sorted = ranges.filter(([lo, hi]) => lo <= hi).sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return { ranges: out };
}

export const EMPTY: CharSet = { ranges: [] };
export const ALL: CharSet = { ranges: [[0, MAX_CODE_POINT]] };

export function fromRanges(...ranges: Range[]): CharSet {
  return normalize([...ranges]);
}

export function single(cp: number): CharSet {
  return { ranges: [[cp, cp]] };
}

/** The set of the characters of `text` (code points). */
export function ofChars(text: string): CharSet {
  return normalize([...text].map((c) => [c.codePointAt(0)!, c.codePointAt(0)!] as Range));
}

export function union(...sets: CharSet[]): CharSet {
  return normalize(sets.flatMap((s) => [...s.ranges]));
}

export function complement(s: CharSet): CharSet {
  const out: Range[] = [];
  let next = 0;
  for (const [lo, hi] of s.ranges) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return { ranges: out };
}

export function intersect(a: CharSet, b: CharSet): CharSet {
  return complement(union(complement(a), complement(b)));
}

export function subtract(a: CharSet, b: CharSet): CharSet {
  return intersect(a, complement(b));
}

export function has(s: CharSet, cp: number): boolean {
  let lo = 0;
  let hi = s.ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = s.ranges[mid]!;
    if (cp < r[0]) hi = mid - 1;
    else if (cp > r[1]) lo = mid + 1;
    else return true;
  }
  return false;
}

export function isEmpty(s: CharSet): boolean {
  return s.ranges.length === 0;
}

export function isAll(s: CharSet): boolean {
  return s.ranges.length === 1 && s.ranges[0]![0] === 0 && s.ranges[0]![1] === MAX_CODE_POINT;
}

/** The only code point of a one-character set. */
export function singleOf(s: CharSet): number | undefined {
  const r = s.ranges[0];
  return s.ranges.length === 1 && r && r[0] === r[1] ? r[0] : undefined;
}

export function size(s: CharSet): number {
  return s.ranges.reduce((n, [lo, hi]) => n + hi - lo + 1, 0);
}

export function equals(a: CharSet, b: CharSet): boolean {
  return a.ranges.length === b.ranges.length && a.ranges.every((r, i) => r[0] === b.ranges[i]![0] && r[1] === b.ranges[i]![1]);
}

export function isSubset(a: CharSet, b: CharSet): boolean {
  return isEmpty(subtract(a, b));
}

export function overlaps(a: CharSet, b: CharSet): boolean {
  return !isEmpty(intersect(a, b));
}

/** The code points of a set, when it has at most `limit` of them. */
export function members(s: CharSet, limit: number): number[] | undefined {
  if (size(s) > limit) return undefined;
  return s.ranges.flatMap(([lo, hi]) => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i));
}
