import { describe, expect, it } from 'vitest';
import { foldToWildcards, hasCasedText, isCaseless } from '../../../src/targets/kql/case.js';
import { fieldName, literalValue, quote, unquoted, type KqlValuePart } from '../../../src/targets/kql/escape.js';
import { parseKql, type Node, type Val } from './kql-grammar.js';

const lit = (text: string): KqlValuePart => ({ kind: 'lit', text });
const any: KqlValuePart = { kind: 'any' };

/** The value of `f: <value>` as the recogniser decodes it, in every context the target writes a value in. */
function decoded(value: string): Val {
  const alone = parseKql(`f: ${value}`);
  const before = parseKql(`f: ${value} and g: 1`);
  const inList = parseKql(`f: (${value} or 1)`);
  const negated = parseKql(`not f: ${value} or g: 1`);
  const valueOf = (n: Node | undefined): Val => {
    if (n?.t !== 'is' || n.field?.kind !== 'literal' || n.field.value !== 'f') throw new Error(`not f: … — ${JSON.stringify(n)}`);
    return n.value;
  };
  const v = valueOf(alone);
  expect(valueOf(before.t === 'and' ? before.items[0] : undefined)).toEqual(v);
  expect(valueOf(inList.t === 'or' ? inList.items[0] : undefined)).toEqual(v);
  expect(valueOf(negated.t === 'or' && negated.items[0]?.t === 'not' ? negated.items[0].item : undefined)).toEqual(v);
  return v;
}

/** Every special character, the keywords in every position, backslashes, quotes, whitespace, unicode. */
const STRINGS = [
  'plain',
  'a b',
  'a  b',
  'C:\\Windows\\Temp\\',
  'dir\\',
  '\\',
  '\\\\',
  '"quoted"',
  'a"b',
  "it's",
  ...'\\():<>"*{}'.split(''),
  '\\():<>"*{}',
  'a*b',
  'or',
  'and',
  'not',
  'OR',
  'Not',
  'NOT',
  'a or b',
  'a OR b',
  'a and b',
  'a not b',
  'x or',
  'x and',
  'x not',
  'not x',
  'cannot',
  'cannot be',
  'nota',
  'door',
  'android',
  'or or or',
  'a\tb',
  'a\nb',
  'a\rb',
  'x\u00A0y',
  'é',
  'Straße',
  '中文',
  '😀',
  'NULL',
  '7045',
  '-1.5',
  '\\u0041',
  '\\n',
  '\\t',
  'x\\not',
  '<EventID>7045<',
  'EventCode=7045',
  '10.0.0.0/8',
  'fe80::/10',
];

describe('quoted values decode to exactly the text', () => {
  it.each([...STRINGS, '', ' lead', 'trail ', 'null', 'true', 'false', ' '])('%j', (s) => {
    expect(decoded(quote(s))).toEqual({ kind: 'literal', value: s, quoted: true });
  });

  it.each([
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['C:\\new', '"C:\\\\new"'],
    ['a\nb\tc', '"a\\nb\\tc"'],
    ['*', '"*"'],
  ])('quote(%j) = %s', (s, want) => {
    expect(quote(s)).toBe(want);
  });
});

describe('unquoted values decode to exactly the text', () => {
  it.each(STRINGS)('%j', (s) => {
    const v = unquoted([lit(s)]);
    if (v === undefined) throw new Error('no unquoted form');
    expect(decoded(v)).toEqual({ kind: 'literal', value: s, quoted: false });
  });

  it.each(STRINGS)('*%s* (wildcards around)', (s) => {
    const v = unquoted([any, lit(s), any]);
    if (v === undefined) throw new Error('no unquoted form');
    expect(decoded(v)).toEqual({ kind: 'wildcard', segments: ['', s, ''] });
  });

  it.each([
    [[lit('')], undefined],
    [[], undefined],
    [[lit(' lead')], undefined], // the grammar trims the decoded value
    [[lit('trail ')], undefined],
    [[lit('\u00A0x')], undefined],
    [[lit('null')], undefined], // typed literals, whatever the escaping
    [[lit('true')], undefined],
    [[lit('false')], undefined],
    [[lit('null'), any], 'null*'],
    [[any], '*'],
    [[any, any, lit('x')], '*x'],
    [[any, lit('C:\\Temp\\'), any], '*C\\:\\\\Temp\\\\*'],
    [[lit('a or b')], 'a \\or b'],
    [[lit('a AND b')], 'a \\AND b'],
    [[lit('x not')], 'x \\u006Eot'],
    [[lit('NOT x')], '\\u004EOT x'],
    [[lit('cannot')], 'can\\u006Eot'], // `not` before the whitespace that may follow the value
    [[lit('cannot'), any], 'cannot*'],
    [[lit('a\tb')], 'a\\tb'],
    [[lit('x\u00A0y')], 'x\\u00A0y'],
    [[lit('<EventID>7045<'), any], '\\<EventID\\>7045\\<*'],
  ] as [KqlValuePart[], string | undefined][])('unquoted(%j) = %s', (parts, want) => {
    expect(unquoted(parts)).toBe(want);
  });
});

describe('literal values and field names', () => {
  it.each([
    ['7045', '7045'],
    ['-1.5', '-1.5'],
    ['07', '07'],
    ['1e3', '"1e3"'],
    ['auto start', '"auto start"'],
    ['', '""'],
  ])('literalValue(%j) = %s', (s, want) => {
    expect(literalValue(s)).toBe(want);
    expect(decoded(want)).toMatchObject({ kind: 'literal', value: s });
  });

  it.each([
    ['event.code', 'event.code'],
    ['@timestamp', '@timestamp'],
    ['winlog.event_data.ServiceName', 'winlog.event_data.ServiceName'],
    ['a b', '"a b"'],
    ['a:b', '"a:b"'],
    ['Processes.*', '"Processes.*"'],
    ['null', '"null"'],
    ['true', '"true"'],
    ['not', '"not"'],
    ['cannot', '"cannot"'],
    ['nota', 'nota'],
    ['or', 'or'],
    ['é', '"é"'],
  ])('fieldName(%j) = %s', (name, want) => {
    expect(fieldName(name)).toBe(want);
    const n = parseKql(`${want}: 1 and ${want} > 2`);
    expect(n).toEqual({
      t: 'and',
      items: [
        { t: 'is', field: { kind: 'literal', value: name, quoted: want.startsWith('"') }, value: { kind: 'literal', value: '1', quoted: false } },
        { t: 'range', field: { kind: 'literal', value: name, quoted: want.startsWith('"') }, op: '>', value: { kind: 'literal', value: '2', quoted: false } },
      ],
    });
  });
});

describe('letter case', () => {
  it.each([
    ['7045', true],
    ['\\', true],
    ['-', true],
    ['中', true],
    ['١', true],
    ['😀', true],
    ['a', false],
    ['Z', false],
    ['ß', false],
    ['İ', false],
    ['\u0307', false], // combining dot: part of the lower case of İ
    ['Ⅰ', false], // Roman numeral one has a lower case
    ['ʼ', false], // modifier letter: part of the upper case of ŉ
  ])('isCaseless(%j) = %s', (ch, want) => {
    expect(isCaseless(ch)).toBe(want);
  });

  it.each([
    ['7045', false],
    ['\\\\?\\', false],
    ['cmd.exe', true],
  ])('hasCasedText(%j) = %s', (s, want) => {
    expect(hasCasedText([lit(s)])).toBe(want);
  });

  it.each([
    [[lit('cmd.exe')], [any, lit('.'), any]],
    [[any, lit('\\Temp\\'), any], [any, lit('\\'), any, lit('\\'), any]],
    [[lit('7045')], [lit('7045')]],
    [[lit('PSEXESVC')], [any]],
  ])('foldToWildcards(%j)', (parts, want) => {
    expect(foldToWildcards(parts)).toEqual(want);
  });
});
