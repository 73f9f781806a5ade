/**
 * The values in which a PCRE search finds a match, as one anchored plain expression (what Lucene's `regexp` and
 * wildcard patterns describe): each alternative's body between what its start and end allow around it.
 */
import { complement } from './charset.js';
import { NEWLINE, WORD } from './classes.js';
import { ANY_STRING, EMPTY_STRING, type RNode, alt, charSet, nullable, optional, seq } from './rnode.js';
import type { Neighbour, SearchAlt } from './search.js';
import type { RegexVerdict } from './verdict.js';

const NL = charSet(NEWLINE);
const WORD_CHAR = charSet(WORD);
const NONWORD_CHAR = charSet(complement(WORD));

/** What may precede the match: nothing (`^`), anything (`.*`), or a line start. */
export function prefix(a: SearchAlt): RNode {
  switch (a.start) {
    case 'start':
      return EMPTY_STRING;
    case 'line':
      return optional(seq(ANY_STRING, NL));
    case 'open':
      return around(a.before, 'before');
  }
}

export function suffix(a: SearchAlt): RNode {
  switch (a.end) {
    case 'end':
      return EMPTY_STRING;
    case 'end-or-newline':
      return optional(NL);
    case 'line':
      return optional(seq(NL, ANY_STRING));
    case 'open':
      return around(a.after, 'after');
  }
}

function around(n: Neighbour, side: 'before' | 'after'): RNode {
  if (n === 'any') return ANY_STRING;
  const c = n === 'word' ? WORD_CHAR : NONWORD_CHAR;
  const r = side === 'before' ? seq(ANY_STRING, c) : seq(c, ANY_STRING);
  // "Not a word character" also holds at the value's end.
  return n === 'word' ? r : optional(r);
}

/** Alternatives grouped by their surroundings, in order of first appearance: `.*(a|b).*` rather than `.*a.*|.*b.*`. */
export function groupBySurroundings(alts: readonly SearchAlt[]): { readonly key: string; readonly alts: SearchAlt[] }[] {
  const groups: { key: string; alts: SearchAlt[] }[] = [];
  for (const a of alts) {
    const key = `${a.start}/${a.end}/${a.before}/${a.after}`;
    const g = groups.find((x) => x.key === key);
    if (g) g.alts.push(a);
    else groups.push({ key, alts: [a] });
  }
  return groups;
}

/**
 * The whole-value language, with a `superset` note when it is wider than the search: `(?m)^` is written as
 * "start, or after a newline", but PCRE's does not match after a newline that ends the value, which only matters
 * when the rest can match the empty string there.
 */
export function wholeValue(alts: readonly SearchAlt[], v: RegexVerdict): RNode {
  if (alts.some((a) => a.start === 'line' && nullable(a.body))) {
    v.degrade('superset', '(?m)^ before a part that may be empty: a match right after a final newline is also accepted');
  }
  return alt(
    ...groupBySurroundings(alts).map((g) => {
      const first = g.alts[0]!;
      return seq(prefix(first), alt(...g.alts.map((a) => a.body)), suffix(first));
    }),
  );
}
