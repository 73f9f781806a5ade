import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { asInteger, matchPattern, parseSigmaString, sigmaString } from '../../../src/targets/sigma/values.js';
import { NAMESPACE_URL, SPL2X_SIGMA_NAMESPACE, uuidv5 } from '../../../src/targets/sigma/uuid.js';
import { fromSearchValue, literal, type PatternPart } from '../../../src/values/pattern.js';

const lit = (text: string): PatternPart => ({ kind: 'lit', text });
const any: PatternPart = { kind: 'any' };
const one: PatternPart = { kind: 'one' };

/** Merge adjacent literal parts (what a parser gives back). */
function merged(parts: readonly PatternPart[]): PatternPart[] {
  const out: PatternPart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (p.kind === 'lit' && last?.kind === 'lit') out[out.length - 1] = lit(last.text + p.text);
    else if (p.kind !== 'lit' || p.text) out.push(p);
  }
  return out;
}

describe('Sigma string escaping (spec "Escaping", pySigma SigmaString)', () => {
  // [pattern parts, Sigma text]
  const cases: [string, PatternPart[], string][] = [
    ['plain', [lit('abc')], 'abc'],
    ['literal star', [lit('a*b')], 'a\\*b'],
    ['literal question mark', [lit('a?b')], 'a\\?b'],
    ['backslashes before ordinary characters stay single', [lit('C:\\Windows\\System32\\cmd.exe')], 'C:\\Windows\\System32\\cmd.exe'],
    ['trailing backslash is doubled', [lit('C:\\Windows\\')], 'C:\\Windows\\\\'],
    ['backslash alone', [lit('\\')], '\\\\'],
    ['backslash before a wildcard is doubled', [lit('C:\\Temp\\'), any], 'C:\\Temp\\\\*'],
    ['backslash before a single-character wildcard', [lit('a\\'), one], 'a\\\\?'],
    ['literal backslash then literal star (\\*)', [lit('\\*')], '\\\\\\*'],
    ['literal backslash then literal question mark', [lit('a\\?')], 'a\\\\\\?'],
    ['double backslash (UNC path)', [lit('\\\\server\\share')], '\\\\\\server\\share'],
    ['double backslash at the end', [lit('x\\\\')], 'x\\\\\\\\'],
    ['wildcards', [any, lit('x'), one, lit('y'), any], '*x?y*'],
    ['quotes', [lit(`it's "quoted"`)], `it's "quoted"`],
    ['unicode', [lit('café ü 日本 😀')], 'café ü 日本 😀'],
    ['percent signs are literal without |expand', [lit('%name%')], '%name%'],
    ['empty', [], ''],
  ];

  it.each(cases)('%s', (_label, parts, want) => {
    expect(sigmaString(parts)).toBe(want);
  });

  it.each(cases)('%s: reads back as the same pattern', (_label, parts) => {
    expect(parseSigmaString(sigmaString(parts))).toEqual(merged(parts));
  });

  it.each(cases)('%s: survives a YAML round trip', (_label, parts) => {
    const v = sigmaString(parts);
    expect(yaml.load(yaml.dump({ f: v }, { lineWidth: -1 }))).toEqual({ f: v });
  });

  it('reads the spec\'s examples as the spec says', () => {
    expect(parseSigmaString('\\*')).toEqual([lit('*')]);
    expect(parseSigmaString('\\\\*')).toEqual([lit('\\'), any]);
    expect(parseSigmaString('\\\\\\*')).toEqual([lit('\\*')]);
    expect(parseSigmaString('\\\\\\\\')).toEqual([lit('\\\\')]);
    expect(parseSigmaString('\\\\\\')).toEqual([lit('\\\\')]);
    expect(parseSigmaString('C:\\Windows')).toEqual([lit('C:\\Windows')]);
  });
});

describe('value patterns → modifiers', () => {
  const cases: [string, boolean, string[], unknown][] = [
    ['*foo*', false, ['contains'], 'foo'],
    ['foo*', false, ['startswith'], 'foo'],
    ['*foo', false, ['endswith'], 'foo'],
    ['foo', false, [], 'foo'],
    ['*', false, ['exists'], true],
    ['a*b', false, [], 'a*b'],
    ['*a*b*', false, ['contains'], 'a*b'],
    ['*\\Temp\\*', false, ['contains'], '\\Temp\\\\'],
    ['*.exe', false, ['endswith'], '.exe'],
    ['7045', false, [], 7045],
    ['0123', false, [], '0123'],
    ['-5', false, [], '-5'],
    ['1.5', false, [], '1.5'],
    ['7045', true, ['cased'], '7045'],
    ['*Foo*', true, ['contains', 'cased'], 'Foo'],
    ['Foo', true, ['cased'], 'Foo'],
    ['', false, [], ''],
  ];
  it.each(cases)('%s (cased: %s) → %j %j', (text, cased, mods, value) => {
    const m = matchPattern(text === '' ? literal('') : fromSearchValue(text), { cased, numbers: true });
    expect(m.modifiers).toEqual(mods);
    expect(m.value).toEqual(value);
  });

  it('keeps a like() single-character wildcard as ?', () => {
    expect(matchPattern({ parts: [any, lit('foo'), one] }, { cased: true, numbers: true })).toEqual({ modifiers: ['endswith', 'cased'], value: 'foo?' });
  });

  it('writes numbers only for canonical integers', () => {
    expect(asInteger('7045')).toBe(7045);
    expect(asInteger('0')).toBe(0);
    for (const t of ['007', '1e3', ' 1', '0x17', '99999999999999999']) expect(asInteger(t)).toBeUndefined();
  });
});

describe('UUIDv5', () => {
  it('matches the RFC / Python reference value', () => {
    // uuid.uuid5(uuid.NAMESPACE_DNS, 'python.org')
    expect(uuidv5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it('derives spl2x\'s namespace as documented', () => {
    expect(uuidv5('https://github.com/spl2x/spl2x#sigma', NAMESPACE_URL)).toBe(SPL2X_SIGMA_NAMESPACE);
  });

  it('is a version-5, RFC-variant UUID, stable and distinct per name', () => {
    const a = uuidv5('5399.5499', SPL2X_SIGMA_NAMESPACE);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidv5('5399.5499', SPL2X_SIGMA_NAMESPACE)).toBe(a);
    expect(uuidv5('5399.5500', SPL2X_SIGMA_NAMESPACE)).not.toBe(a);
  });
});
