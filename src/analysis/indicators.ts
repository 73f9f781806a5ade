import type { Predicate } from '../ir/types.js';
import { fieldTest, groupTests } from './field-tests.js';
import type { FieldTest } from './types.js';

/**
 * Indicators: the field tests the rule MATCHES on — leaves of the filter reached without passing a NOT
 * (through AND and OR), grouped by field and kind.
 */
export function indicators(filter: Predicate): FieldTest[] {
  const out: FieldTest[] = [];
  const walk = (p: Predicate): void => {
    if (p.kind === 'and' || p.kind === 'or') return p.items.forEach(walk);
    if (p.kind === 'not') return;
    const t = fieldTest(p);
    if (t) out.push(t);
  };
  walk(filter);
  return groupTests(out);
}
