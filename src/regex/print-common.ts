/** Printing helpers shared by the JavaScript, Lucene and Sigma printers (same quantifier syntax in all three). */
import { type CharSet, complement } from './charset.js';

export function quantifier(min: number, max: number): string {
  if (min === 0 && max === Infinity) return '*';
  if (min === 1 && max === Infinity) return '+';
  if (min === 0 && max === 1) return '?';
  if (max === Infinity) return `{${min},}`;
  if (min === max) return `{${min}}`;
  return `{${min},${max}}`;
}

/** The ranges of a set or of its complement, whichever is shorter (ties: the set itself). */
export function classForm(set: CharSet): { readonly negate: boolean; readonly ranges: CharSet['ranges'] } {
  const neg = complement(set);
  return neg.ranges.length < set.ranges.length ? { negate: true, ranges: neg.ranges } : { negate: false, ranges: set.ranges };
}

/** Class members: `a`, `ab` (two neighbours), `a-z`, each end written by `ch`. */
export function rangesText(ranges: CharSet['ranges'], ch: (cp: number) => string): string {
  return ranges.map(([lo, hi]) => (lo === hi ? ch(lo) : hi === lo + 1 ? ch(lo) + ch(hi) : `${ch(lo)}-${ch(hi)}`)).join('');
}
