/**
 * Smart constructors for Query DSL `bool` trees: AND → `bool.filter`, OR → `bool.should` + `minimum_should_match:
 * 1`, NOT → `bool.must_not`; `match_all`/`match_none` absorbed, nested ANDs and ORs flattened.
 */
import type { EsQuery } from './types.js';

export const MATCH_ALL: EsQuery = { match_all: {} };
export const MATCH_NONE: EsQuery = { match_none: {} };

export const isAll = (q: EsQuery): boolean => 'match_all' in q;
export const isNone = (q: EsQuery): boolean => 'match_none' in q;

interface BoolParts {
  filter?: EsQuery[];
  should?: EsQuery[];
  must_not?: EsQuery[];
  minimum_should_match?: number;
}

function boolOf(q: EsQuery): BoolParts | undefined {
  const b = q['bool'];
  return b && typeof b === 'object' && Object.keys(q).length === 1 ? (b as BoolParts) : undefined;
}

/** A bool made only of `filter` and `must_not` (an AND), as `and()` builds it. */
function andParts(q: EsQuery): { filter: EsQuery[]; mustNot: EsQuery[] } | undefined {
  const b = boolOf(q);
  if (!b || b.should || Object.keys(b).some((k) => k !== 'filter' && k !== 'must_not')) return undefined;
  return { filter: b.filter ?? [], mustNot: b.must_not ?? [] };
}

/** A bool made only of `should` with `minimum_should_match: 1` (an OR). */
function orItems(q: EsQuery): EsQuery[] | undefined {
  const b = boolOf(q);
  if (!b || !b.should || b.minimum_should_match !== 1 || Object.keys(b).length !== 2) return undefined;
  return b.should;
}

export function and(items: readonly EsQuery[]): EsQuery {
  const filter: EsQuery[] = [];
  const mustNot: EsQuery[] = [];
  for (const q of items) {
    if (isAll(q)) continue;
    if (isNone(q)) return MATCH_NONE;
    const parts = andParts(q);
    if (parts) {
      filter.push(...parts.filter);
      mustNot.push(...parts.mustNot);
    } else filter.push(q);
  }
  if (filter.length + mustNot.length === 0) return MATCH_ALL;
  if (filter.length === 1 && mustNot.length === 0) return filter[0]!;
  return { bool: { ...(filter.length ? { filter } : {}), ...(mustNot.length ? { must_not: mustNot } : {}) } };
}

export function or(items: readonly EsQuery[]): EsQuery {
  const should: EsQuery[] = [];
  for (const q of items) {
    if (isNone(q)) continue;
    if (isAll(q)) return MATCH_ALL;
    should.push(...(orItems(q) ?? [q]));
  }
  if (should.length === 0) return MATCH_NONE;
  if (should.length === 1) return should[0]!;
  return { bool: { should, minimum_should_match: 1 } };
}

export function not(q: EsQuery): EsQuery {
  if (isAll(q)) return MATCH_NONE;
  if (isNone(q)) return MATCH_ALL;
  const parts = andParts(q);
  if (parts && parts.filter.length === 0 && parts.mustNot.length === 1) return parts.mustNot[0]!;
  return { bool: { must_not: [q] } };
}

export const exists = (field: string): EsQuery => ({ exists: { field } });
