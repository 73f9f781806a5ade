import { describe, expect, it } from 'vitest';
import { canonicalRow, compareMatches, compareRows } from '../../src/verify/compare.js';

/** The comparator is what makes parity tests fail: it must catch every planted difference. */
describe('compareMatches', () => {
  const ref = ['a', 'b', 'c'];
  it.each([
    ['exact, same', ref, 'exact', true, [], []],
    ['exact, one missing (planted)', ['a', 'b'], 'exact', false, ['c'], []],
    ['exact, one extra (planted)', ['a', 'b', 'c', 'd'], 'exact', false, [], ['d']],
    ['superset, extra allowed', ['a', 'b', 'c', 'd', 'e'], 'superset', true, [], ['d', 'e']],
    ['superset, one missing (planted)', ['a', 'c', 'd'], 'superset', false, ['b'], ['d']],
    ['partial, filter must still contain', ['a', 'b'], 'partial', false, ['c'], []],
    ['partial, superset filter', ['a', 'b', 'c', 'x'], 'partial', true, [], ['x']],
    ['unsupported, nothing checked', [], 'unsupported', true, ['a', 'b', 'c'], []],
  ] as const)('%s', (_l, actual, verdict, ok, missing, extra) => {
    const c = compareMatches(ref, actual, verdict);
    expect(c.ok).toBe(ok);
    expect(c.missing).toEqual(missing);
    expect(c.extra).toEqual(extra);
  });

  it('a partial verdict whose notes say results may be missed reports misses without failing', () => {
    const c = compareMatches(ref, ['a'], 'partial', [{ level: 'warning', stage: 0, message: 'case', mayMiss: true }]);
    expect(c.ok).toBe(true);
    expect(c.missing).toEqual(['b', 'c']);
    expect(c.summary).toContain('reported only');
  });
});

describe('compareRows', () => {
  const rows = [
    { host: 'a', count: 2, values: ['x', 'y'] },
    { host: 'b', count: 1, values: ['z'] },
  ];
  it('ignores key order and value types (SPL values are text), not values or array order', () => {
    expect(compareRows(rows, [{ count: 1, values: ['z'], host: 'b' }, { values: ['x', 'y'], count: 2, host: 'a' }], 'exact').ok).toBe(true);
    expect(compareRows(rows, [{ host: 'a', count: '2', values: ['x', 'y'] }, rows[1]!], 'exact').ok).toBe(true);
    expect(compareRows(rows, [{ host: 'a', count: '3', values: ['x', 'y'] }, rows[1]!], 'exact').ok).toBe(false);
    expect(compareRows(rows, [{ host: 'a', count: 2, values: ['y', 'x'] }, rows[1]!], 'exact').ok).toBe(false);
  });

  it.each([
    ['a planted extra field', [{ ...rows[0], extra: 1 }, rows[1]!], 'exact', false],
    ['a planted missing row', [rows[0]!], 'exact', false],
    ['a duplicated row', [rows[0]!, rows[0]!, rows[1]!], 'exact', false],
    ['extra rows under superset', [...rows, { host: 'c', count: 9, values: [] }], 'superset', true],
    ['a changed value under superset', [{ ...rows[0], count: 3 }, rows[1]!], 'superset', false],
  ] as const)('%s', (_l, actual, verdict, ok) => {
    expect(compareRows(rows, actual as readonly object[], verdict).ok).toBe(ok);
  });

  it('canonical rows sort nested keys', () => {
    expect(canonicalRow({ b: 1, a: { d: 1, c: 2 } })).toBe('{"a":{"c":"2","d":"1"},"b":"1"}');
  });
});
