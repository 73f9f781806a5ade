/**
 * The filter reads input events without making their rows, and searches raw text without lower-casing it: both must
 * give exactly what the row-based definitions give. Checked on seeded random events and texts against the
 * definitions themselves (`toRow` + `readField`, and raw search on the lower-cased text with a lookbehind RegExp, as
 * the runtime did before).
 */
import { describe, expect, it } from 'vitest';
import { aliasIndex, eventField, eventFlat, eventRaw, rawText, toRow } from '../../../src/targets/js/runtime/event.js';
import { readField, type PatternSpec } from '../../../src/targets/js/runtime/match.js';
import { MAJOR_BREAKERS, MINOR_BREAKERS, rawSearch } from '../../../src/targets/js/runtime/raw.js';
import { escapeRegExp } from '../../../src/targets/js/runtime/value.js';
import { mulberry32 } from '../../helpers/random.js';
import { compile } from './helpers.js';

const prng = mulberry32;

/** Raw search as defined: on the lower-cased text, boundaries by lookbehind/lookahead (the former runtime). */
function rawReference(mode: 'term' | 'phrase' | 'indexed', spec: PatternSpec, caseSensitive: boolean): (text: string) => boolean {
  const parts = spec.map((p) => (typeof p === 'string' && !caseSensitive ? p.toLowerCase() : p));
  const fold = (t: string) => (caseSensitive ? t : t.toLowerCase());
  if (mode === 'phrase' && parts.every((p) => typeof p === 'string')) {
    const lit = parts.join('');
    return (t) => fold(t).includes(lit);
  }
  const body = parts.map((p) => (typeof p === 'string' ? escapeRegExp(p) : p === 0 ? '[\\s\\S]*' : '[\\s\\S]')).join('');
  let src = body;
  if (mode !== 'phrase') {
    const breakers = mode === 'term' ? `${MAJOR_BREAKERS}${MINOR_BREAKERS}` : MAJOR_BREAKERS;
    const isBreaker = new RegExp(`[${breakers}]`, 'u');
    const first = parts[0];
    const last = parts[parts.length - 1];
    const openStart = first === undefined || first === 0 || (typeof first === 'string' && isBreaker.test(first[0] ?? ''));
    const openEnd = last === undefined || last === 0 || (typeof last === 'string' && isBreaker.test(last[last.length - 1] ?? ''));
    src = `${openStart ? '' : `(?<=^|[${breakers}])`}${body}${openEnd ? '' : `(?=[${breakers}]|$)`}`;
  }
  const re = new RegExp(src, 'u');
  return (t) => re.test(fold(t));
}

describe('raw search without lower-casing the text', () => {
  const TEXT = ['a', 'A', 'b', 'k', 'K', '\u212a', 'i', 'I', '\u0130', '\u0131', '\u017f', 's', ' ', '=', '.', '\n', '-', '7', '\u03a3', '\u{1F600}', '\u0307', '"', '*', '_', '\u00a0', '\u00e9', '\u00c9', '\ud800', '\udc00'];
  const NEEDLE = ['a', 'k', 'i', 'K', 'I', '=', '7', '.', 's', '\u0130', '\u00e9', ' ', 'ab', 'ki', 'ik', 'a.i', '7=k', '\u{1F600}', '\udc00'];
  const rnd = prng(20261128);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const text = () => Array.from({ length: Math.floor(rnd() * 14) }, () => pick(TEXT)).join('');
  const spec = (): PatternSpec => {
    const out: (string | 0 | 1)[] = [];
    const n = 1 + Math.floor(rnd() * 3);
    for (let i = 0; i < n; i++) {
      const r = rnd();
      if (r < 0.6 || out.length === 0) out.push(pick(NEEDLE));
      else if (r < 0.9) out.push(0);
      else out.push(1);
    }
    // Adjacent literals are one literal in real specs.
    return out.reduce<(string | 0 | 1)[]>((acc, p) => {
      const prev = acc[acc.length - 1];
      if (typeof p === 'string' && typeof prev === 'string') acc[acc.length - 1] = prev + p;
      else if (!(p === 0 && prev === 0)) acc.push(p);
      return acc;
    }, []);
  };

  it('agrees with the definition on random patterns and texts', () => {
    let checked = 0;
    for (let i = 0; i < 1500; i++) {
      const s = spec();
      for (const mode of ['term', 'phrase', 'indexed'] as const) {
        for (const cs of [false, true]) {
          const fast = rawSearch(mode, s, cs);
          const ref = rawReference(mode, s, cs);
          for (let j = 0; j < 12; j++) {
            const t = text();
            const got = fast(t);
            if (got !== ref(t)) expect({ mode, spec: s, caseSensitive: cs, text: t, got }).toEqual({ mode, spec: s, caseSensitive: cs, text: t, got: !got });
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(1500 * 3 * 2 * 12);
  });

  it.each([
    ['indexed', ['eventcode=7045'], 'x\nEventCode=7045\ny', true],
    ['indexed', ['eventcode=7045'], 'x.EventCode=7045 eventcode=7045', true],
    ['indexed', ['eventcode=7045'], 'x.EventCode=7045 y', false],
    ['term', ['kit'], 'a \u212aIT b', true],
    ['term', ['ki'], 'a K\u0130 b', false],
    ['phrase', ['ki'], 'aK\u0130b', true],
    ['term', ['ki', 0], 'a K\u0130x b', true],
    ['term', ['s'], '\u017f', false],
  ] as const)('%s %j on %j: %s', (mode, spec, text, expected) => {
    expect(rawSearch(mode, spec, false)(text)).toBe(expected);
    expect(rawReference(mode, spec, false)(text)).toBe(expected);
  });
});

describe('reading input events without their rows', () => {
  const rnd = prng(7045);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const KEYS = ['a', 'b', 'a.b', 'a.b.c', 'b.c', '_time', '_raw', '__proto__', 'constructor', 'x', '', '.x', 'c'];
  const scalar = (): unknown =>
    pick<() => unknown>([
      () => pick(['v', 'V', '', '7045', ' 12 ', 'a b']),
      () => pick([0, -0, 1.5, 7045, Number.NaN, Infinity]),
      () => pick([true, false]),
      () => null,
      () => undefined,
      () => pick(['2023-11-14T22:13:20Z', '1700000000', 'soon']),
      () => new Date(1_700_000_000_000),
      () => BigInt(5),
    ])();
  const value = (depth: number): unknown => {
    const r = rnd();
    if (r < 0.55 || depth > 3) return scalar();
    if (r < 0.75) return Array.from({ length: Math.floor(rnd() * 3) }, () => (rnd() < 0.8 ? scalar() : value(depth + 1)));
    return object(depth + 1);
  };
  const object = (depth: number): Record<string, unknown> => {
    const o: Record<string, unknown> = {};
    const n = Math.floor(rnd() * 5);
    for (let i = 0; i < n; i++) Object.defineProperty(o, pick(KEYS), { value: value(depth), enumerable: true, writable: true, configurable: true });
    return o;
  };
  const NAMES = [...KEYS, 'a.b.c.d', 'b.c.a', 'a.a', 'x.a.b', 'a..b', '.x.a', 'missing', 'toString', 'hasOwnProperty'];

  it('eventField is getField/readField of the row, for random events, names and aliases', () => {
    let checked = 0;
    for (let i = 0; i < 3000; i++) {
      const e = object(0);
      const aliases: [string, string][] = [];
      const na = rnd() < 0.5 ? 0 : Math.floor(rnd() * 4);
      for (let j = 0; j < na; j++) aliases.push([pick(NAMES), pick(NAMES)]);
      const row = toRow(e, aliases)!;
      const idx = aliasIndex(aliases);
      for (const name of NAMES) {
        const want = readField(row, name);
        const got = eventField(e, name, idx, aliases);
        if (!Object.is(got, want)) expect({ e, aliases, name, got }).toEqual({ e, aliases, name, got: want });
        checked++;
        if (aliases.length === 0 && !name.includes('.') && name !== '_time' && name !== '_raw') {
          const flat = eventFlat(e, name);
          if (!Object.is(flat, want)) expect({ e, name, flat }).toEqual({ e, name, flat: want });
        }
      }
      expect(eventRaw(e, idx, aliases)).toBe(rawText(row));
    }
    expect(checked).toBe(3000 * NAMES.length);
  });
});

describe('the filter on input events and on their rows', () => {
  it('gives the same answer as on the flattened row', async () => {
    const spls = [
      'a.b=v* NOT c=7045 "v"',
      'index=main (x=1 OR TERM(a.b=v)) | where isnull(c)',
      'a.b.c IN (v, 7045) _time>1699999999',
      'K\u0130 OR ki b!=v',
    ];
    const rnd = prng(99);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const vals = ['v', 'V', 'vx', '7045', 7045, 1, null, ['v', 'w'], [], { b: 'v' }, { b: { c: 7045 } }, '2023-11-14T22:13:20Z'];
    for (const spl of spls) {
      const { mod } = await compile(spl);
      for (let i = 0; i < 400; i++) {
        const e: Record<string, unknown> = {};
        for (const k of ['a', 'a.b', 'a.b.c', 'b', 'c', 'x', 'index', '_time', '_raw']) if (rnd() < 0.4) e[k] = pick(vals);
        const flat = Object.fromEntries(Object.entries(toRow(e)!));
        expect(mod.filter(e), JSON.stringify({ spl, e })).toBe(mod.filter(flat));
        expect(mod.run([e]).length > 0).toBe(mod.selects(e) && mod.filter(e));
      }
    }
  });
});
