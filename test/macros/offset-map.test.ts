import { describe, expect, it } from 'vitest';
import { expandMacros, MacroTable, OffsetMap, OffsetMapBuilder, type Expansion } from '../../src/macros/index.js';

const T = MacroTable.builtin();
for (const [name, args, definition] of [
  ['sysmon', [], 'sourcetype=sysmon'],
  ['outer', [], '`inner` | stats count'],
  ['inner', [], 'index=x'],
  ['ctime', ['f'], 'convert ctime($f$)'],
  ['empty', [], ''],
] as const) {
  T.add({ name, args, definition, iseval: false, origin: 'test' });
}

/** Per character of the expansion: original offset for side 'start' and, for the range [i, i+1), side 'end'. */
function perChar(e: Expansion): { start: number[]; end: number[]; macros: string[] } {
  const start: number[] = [];
  const end: number[] = [];
  const macros: string[] = [];
  for (let i = 0; i < e.text.length; i++) {
    start.push(e.toOriginal(i, 'start'));
    end.push(e.toOriginal(i + 1, 'end'));
    macros.push(e.macrosAt(i).join('>'));
  }
  return { start, end, macros };
}

const rep = <T>(v: T, n: number): T[] => Array.from({ length: n }, () => v);
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

interface MapCase {
  name: string;
  spl: string;
  text: string;
  start: number[];
  end: number[];
  macros: string[];
}

const mapCases: MapCase[] = [
  {
    name: 'one macro between original text',
    spl: 'a `sysmon` b', // `sysmon` is [2, 10)
    text: 'a sourcetype=sysmon b',
    start: [0, 1, ...rep(2, 17), 10, 11],
    end: [1, 2, ...rep(10, 17), 11, 12],
    macros: ['', '', ...rep('sysmon', 17), '', ''],
  },
  {
    name: 'nested: chain outermost first, all mapped to the outer use',
    spl: '`outer`!', // [0, 7)
    text: 'index=x | stats count!',
    start: [...rep(0, 21), 7],
    end: [...rep(7, 21), 8],
    macros: [...rep('outer>inner', 7), ...rep('outer', 14), ''],
  },
  {
    name: 'argument text belongs to the body',
    spl: '|`ctime(t)`', // [1, 11)
    text: '|convert ctime(t)',
    start: [0, ...rep(1, 16)],
    end: [1, ...rep(11, 16)],
    macros: ['', ...rep('ctime', 16)],
  },
  {
    name: 'empty expansion: neighbours keep their own offsets',
    spl: 'ab`empty`cd', // [2, 9)
    text: 'abcd',
    start: [0, 1, 9, 10],
    end: [1, 2, 10, 11],
    macros: ['', '', '', ''],
  },
  {
    name: 'undefined and quoted uses stay original',
    spl: '`nope` "`sysmon`"',
    text: '`nope` "`sysmon`"',
    start: range(0, 17),
    end: range(1, 18),
    macros: rep('', 17),
  },
  {
    name: 'adjacent expansions',
    spl: '`sysmon``inner`', // [0, 8) and [8, 15)
    text: 'sourcetype=sysmonindex=x',
    start: [...rep(0, 17), ...rep(8, 7)],
    end: [...rep(8, 17), ...rep(15, 7)],
    macros: [...rep('sysmon', 17), ...rep('inner', 7)],
  },
];

describe('offset map', () => {
  it.each(mapCases)('$name', (c) => {
    const { expansion } = expandMacros(c.spl, T);
    expect(expansion.text).toBe(c.text);
    expect(perChar(expansion)).toEqual({ start: c.start, end: c.end, macros: c.macros });
  });

  it('range ends: a token right before or after an expansion keeps its own extent', () => {
    const { expansion: e } = expandMacros('a `sysmon` b', T);
    // `a` = expanded [0, 1) → original [0, 1); `a ` = [0, 2) → [0, 2), not swallowing the macro.
    expect([e.toOriginal(0, 'start'), e.toOriginal(2, 'end')]).toEqual([0, 2]);
    // The body `sourcetype=sysmon` [2, 19) → the invocation [2, 10).
    expect([e.toOriginal(2, 'start'), e.toOriginal(19, 'end')]).toEqual([2, 10]);
    // ` b` [19, 21) → [10, 12); the end of the text maps to the end of the original.
    expect([e.toOriginal(19, 'start'), e.toOriginal(21, 'end')]).toEqual([10, 12]);
    expect(e.toOriginal(21, 'start')).toBe(12);
    // Clamping.
    expect(e.toOriginal(-5, 'start')).toBe(0);
    expect(e.toOriginal(0, 'end')).toBe(0);
    expect(e.toOriginal(999, 'end')).toBe(12);
    expect(e.macrosAt(-1)).toEqual([]);
    expect(e.macrosAt(21)).toEqual([]);
  });

  it('every original character maps to itself; every body character to its use', () => {
    const spl = 'x `sysmon` | `outer` "`inner`" ```c `inner` ``` `ctime(first)` `nope` | `a_filter` `drop_dm_object_name(P)`';
    const { expansion: e } = expandMacros(spl, T);
    const top = e.uses.filter((u) => u.via?.length === 0 && u.expanded);
    expect(top.map((u) => u.name)).toEqual(['sysmon', 'outer', 'ctime', 'a_filter', 'drop_dm_object_name']);
    for (let i = 0; i < e.text.length; i++) {
      const chain = e.macrosAt(i);
      const s = e.toOriginal(i, 'start');
      if (chain.length === 0) {
        expect(spl[s]).toBe(e.text[i]);
        expect(e.toOriginal(i + 1, 'end')).toBe(s + 1);
      } else {
        const use = top.find((u) => u.span.start === s);
        expect(use?.name).toBe(chain[0]);
        expect(e.toOriginal(i + 1, 'end')).toBe(use?.span.end);
      }
    }
  });

  it('large SPL: many segments, binary-searched', () => {
    const n = 20_000;
    const spl = Array.from({ length: n }, (_, i) => `f${i}=\`sysmon\``).join(' ');
    const t0 = performance.now();
    const { expansion: e, diagnostics } = expandMacros(spl, T);
    expect(diagnostics).toEqual([]);
    expect(e.uses).toHaveLength(n);
    // Check a sample of positions against the uses.
    for (let k = 0; k < n; k += 997) {
      const use = e.uses[k];
      if (!use) throw new Error('missing use');
      const prefix = `f${k}=`;
      const origPrefixStart = use.span.start - prefix.length;
      const expandedPrefixStart = e.text.indexOf(` ${prefix}`) + 1 || 0;
      expect(e.toOriginal(expandedPrefixStart, 'start')).toBe(origPrefixStart);
      expect(e.toOriginal(expandedPrefixStart + prefix.length, 'start')).toBe(use.span.start);
      expect(e.macrosAt(expandedPrefixStart + prefix.length)).toEqual(['sysmon']);
    }
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});

describe('OffsetMapBuilder', () => {
  it('merges contiguous original runs and runs of one body, and skips empty text', () => {
    const b = new OffsetMapBuilder();
    const span = { start: 3, end: 9 };
    const chain = ['m'];
    b.original('abc', 0);
    b.original('', 3);
    b.macro('', span, chain);
    b.macro('XY', span, chain);
    b.macro('Z', span, chain);
    b.original('de', 9);
    b.original('fg', 11);
    const map = b.build(13);
    expect(b.text()).toBe('abcXYZdefg');
    expect(map.segmentCount).toBe(3);
    expect(range(0, 10).map((i) => map.toOriginal(i, 'start'))).toEqual([0, 1, 2, 3, 3, 3, 9, 10, 11, 12]);
    expect(map.macrosAt(4)).toEqual(['m']);
  });

  it('identity', () => {
    const map = OffsetMap.identity(5);
    expect(range(0, 6).map((i) => map.toOriginal(i, 'start'))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(range(0, 6).map((i) => map.toOriginal(i, 'end'))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(OffsetMap.identity(0).toOriginal(0, 'start')).toBe(0);
  });
});
