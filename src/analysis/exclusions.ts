import type { Predicate } from '../ir/types.js';
import { conjuncts } from '../ir/lower/predicates.js';
import { fieldTest, groupTests } from './field-tests.js';
import type { FieldTest } from './types.js';

/**
 * Exclusions: what the rule actively suppresses — top-level conjuncts of the filter of the form NOT(test).
 * `NOT (a OR b)` suppresses both a and b. A negated AND (a combination) is not a single exclusion and is left out.
 */
export function exclusions(filter: Predicate): FieldTest[] {
  const out: FieldTest[] = [];
  const suppressed = (p: Predicate): void => {
    if (p.kind === 'or') return p.items.forEach(suppressed);
    const t = fieldTest(p);
    if (t) out.push(t);
    else if (p.kind === 'raw') out.push({ field: '_raw', kind: p.value.parts.some((x) => x.kind !== 'lit') ? 'wildcard' : 'eq', values: [p.text] });
  };
  for (const c of conjuncts(filter)) if (c.kind === 'not') suppressed(c.item);
  return groupTests(out);
}
