import type { Predicate } from '../ir/types.js';
import { topLevelAlternatives } from '../regex/alternatives.js';
import { isLiteral, patternToString } from '../values/pattern.js';
import type { FieldTest } from './types.js';

/**
 * The field test a leaf predicate stands for, or undefined for leaves that are not field tests (expr, macro,
 * subsearch, raw terms without a known field). `TERM(f=v)` counts as `f eq v` (its `lift`).
 */
export function fieldTest(p: Predicate): FieldTest | undefined {
  switch (p.kind) {
    case 'compare': {
      const v = patternToString(p.value);
      if (p.op === 'eq') return { field: p.field, kind: isLiteral(p.value) ? 'eq' : 'wildcard', values: [v] };
      return { field: p.field, kind: p.op, values: [v] };
    }
    case 'in':
      return { field: p.field, kind: 'in', values: p.values.map(patternToString) };
    case 'regex':
      return { field: p.field, kind: 'regex_match', values: topLevelAlternatives(p.pattern) };
    case 'exists':
      return { field: p.field, kind: 'exists', values: [] };
    case 'cidr':
      return { field: p.field, kind: 'cidr', values: [p.cidr] };
    case 'raw':
      return p.lift ? { field: p.lift.field, kind: 'eq', values: [p.lift.value] } : undefined;
    default:
      return undefined;
  }
}

/** Merge tests on the same field and kind into one row, keeping first-seen order of rows and values. */
export function groupTests(tests: readonly FieldTest[]): FieldTest[] {
  const rows = new Map<string, { field: string; kind: FieldTest['kind']; values: string[] }>();
  for (const t of tests) {
    const key = `${t.field}\u0000${t.kind}`;
    const row = rows.get(key) ?? { field: t.field, kind: t.kind, values: [] };
    for (const v of t.values) if (!row.values.includes(v)) row.values.push(v);
    rows.set(key, row);
  }
  return [...rows.values()];
}
