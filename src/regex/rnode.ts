/**
 * Plain regular expressions: characters, concatenation, union, repetition. No anchors, look-arounds, boundaries,
 * captures or back references: `search.ts` resolves or approximates those, so what is left is a language that
 * Lucene, Sigma and wildcard patterns can express.
 */
import { ALL, type CharSet, isAll, isEmpty, union } from './charset.js';

export type RNode =
  | {
      readonly k: 'set';
      readonly set: CharSet;
      /** Matched under `(?i)` (`set` already holds every case). */
      readonly ci: boolean;
      /** Whether case folding changes this set (so a printer relying on an `i` flag must know about it). */
      readonly folds: boolean;
      /** The members as written, before folding, when they are a plain positive list (for printers with an `i` flag). */
      readonly written?: CharSet;
    }
  | { readonly k: 'seq'; readonly items: readonly RNode[] }
  | { readonly k: 'alt'; readonly items: readonly RNode[] }
  | { readonly k: 'rep'; readonly body: RNode; readonly min: number; readonly max: number };

export const EMPTY_STRING: RNode = { k: 'seq', items: [] };
/** The empty language (matches nothing). */
export const NOTHING: RNode = { k: 'alt', items: [] };

export function charSet(set: CharSet): RNode {
  return { k: 'set', set, ci: false, folds: false };
}

export const ANY_CHAR = charSet(ALL);
/** Any string (`.*` in Lucene, where `.` includes newlines). */
export const ANY_STRING: RNode = { k: 'rep', body: ANY_CHAR, min: 0, max: Infinity };

export function isNothing(r: RNode): boolean {
  return (r.k === 'alt' && r.items.length === 0) || (r.k === 'set' && isEmpty(r.set));
}

export function isAnyString(r: RNode): boolean {
  return r.k === 'rep' && r.min === 0 && r.max === Infinity && r.body.k === 'set' && isAll(r.body.set);
}

export function seq(...items: RNode[]): RNode {
  const out: RNode[] = [];
  for (const it of items) {
    if (isNothing(it)) return NOTHING;
    if (it.k === 'seq') out.push(...it.items);
    else out.push(it);
  }
  // `.*` absorbs whatever may be empty next to it: `.*\n?` → `.*`, `.*.*` → `.*` (same language).
  let merged = out;
  for (let changed = true; changed; ) {
    changed = false;
    const i = merged.findIndex(
      (it, j) => !isAnyString(it) && nullable(it) && (isAnyString(merged[j - 1] ?? EMPTY_STRING) || isAnyString(merged[j + 1] ?? EMPTY_STRING)),
    );
    const dup = merged.findIndex((it, j) => j > 0 && isAnyString(it) && isAnyString(merged[j - 1]!));
    const drop = i >= 0 ? i : dup;
    if (drop >= 0) {
      merged = merged.filter((_, j) => j !== drop);
      changed = true;
    }
  }
  return merged.length === 1 ? merged[0]! : { k: 'seq', items: merged };
}

export function alt(...items: RNode[]): RNode {
  const out: RNode[] = [];
  for (const it of items) {
    if (isNothing(it)) continue;
    if (it.k === 'alt') out.push(...it.items);
    else out.push(it);
  }
  // `(|a)` → `a?`
  const rest = out.filter((it) => !(it.k === 'seq' && it.items.length === 0));
  if (rest.length < out.length && rest.length > 0) return optional(rest.length === 1 ? rest[0]! : { k: 'alt', items: rest });
  return out.length === 1 ? out[0]! : { k: 'alt', items: out };
}

export function rep(body: RNode, min: number, max: number): RNode {
  if (max === 0) return EMPTY_STRING;
  if (min === 1 && max === 1) return body;
  if (isNothing(body)) return min === 0 ? EMPTY_STRING : NOTHING;
  return { k: 'rep', body, min, max };
}

export function optional(r: RNode): RNode {
  return rep(r, 0, 1);
}

export function nullable(r: RNode): boolean {
  switch (r.k) {
    case 'set':
      return false;
    case 'seq':
      return r.items.every(nullable);
    case 'alt':
      return r.items.some(nullable);
    case 'rep':
      return r.min === 0 || nullable(r.body);
  }
}

/** The characters a non-empty match can start with. */
export function firstSet(r: RNode): CharSet {
  switch (r.k) {
    case 'set':
      return r.set;
    case 'seq': {
      const sets: CharSet[] = [];
      for (const it of r.items) {
        sets.push(firstSet(it));
        if (!nullable(it)) break;
      }
      return union(...sets);
    }
    case 'alt':
      return union(...r.items.map(firstSet));
    case 'rep':
      return firstSet(r.body);
  }
}

/** The characters a non-empty match can end with. */
export function lastSet(r: RNode): CharSet {
  switch (r.k) {
    case 'set':
      return r.set;
    case 'seq': {
      const sets: CharSet[] = [];
      for (let i = r.items.length - 1; i >= 0; i--) {
        sets.push(lastSet(r.items[i]!));
        if (!nullable(r.items[i]!)) break;
      }
      return union(...sets);
    }
    case 'alt':
      return union(...r.items.map(lastSet));
    case 'rep':
      return lastSet(r.body);
  }
}

export function forEachSet(r: RNode, f: (s: Extract<RNode, { k: 'set' }>) => void): void {
  if (r.k === 'set') f(r);
  else if (r.k === 'rep') forEachSet(r.body, f);
  else for (const it of r.items) forEachSet(it, f);
}

/** Whether every set whose matches depend on case is case-insensitive (and at least one is): an `i` flag can be used. */
export function uniformlyCaseInsensitive(r: RNode): boolean {
  let ci = false;
  let cs = false;
  forEachSet(r, (s) => {
    if (!s.folds) return;
    if (s.ci) ci = true;
    else cs = true;
  });
  return ci && !cs;
}
