import type { Predicate, Query } from '../ir/types.js';
import type { SearchTerm } from './types.js';

/**
 * Search terms: bare tokens matched against `_raw` — terms, quoted phrases (shown with their quotes) and
 * `TERM()` contents (`TERM` itself is a directive, not a term). Stages are 1-based.
 */
export function searchTerms(q: Query): SearchTerm[] {
  const out: SearchTerm[] = [];
  const walk = (p: Predicate): void => {
    switch (p.kind) {
      case 'and':
      case 'or':
        return p.items.forEach(walk);
      case 'not':
        return walk(p.item);
      case 'raw':
        out.push({ stage: p.origin.stage + 1, term: p.mode === 'phrase' ? `"${p.text}"` : p.text });
        return;
      default:
        return;
    }
  };
  walk(q.filter);
  for (const s of q.stages) if (s.kind === 'filter') walk(s.predicate);
  return out.sort((a, b) => a.stage - b.stage);
}
