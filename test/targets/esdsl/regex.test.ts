import { describe, expect, it } from 'vitest';
import { pcreToLucene } from '../../../src/regex/index.js';
import { regexpClassMembers, regexpLiteral, usesOptionalOperators, wildcardValue } from '../../../src/targets/esdsl/escape.js';
import { fromSearchValue, fromLikePattern } from '../../../src/values/pattern.js';
import { andNot, convert, exists, mustNot, term } from './helpers.js';

/** What the target must emit for a PCRE on a keyword field, following the regex module's verdict. */
function expected(field: string, pcre: string): { query: unknown; fidelity: string } {
  const r = pcreToLucene(pcre);
  if ('error' in r || r.fidelity === 'unsupported') return { query: exists(field), fidelity: 'superset' };
  const value = {
    value: r.pattern,
    ...(usesOptionalOperators(r.pattern) ? { flags: 'ALL' } : {}),
    ...(r.caseInsensitive ? { case_insensitive: true } : {}),
  };
  return { query: { regexp: { [field]: value } }, fidelity: r.fidelity };
}

describe('regex leaves → regexp (through pcreToLucene)', () => {
  it.each([
    ['4|disabled'],
    ['\\s+|[\\_\\/\\x5c]'],
    ['(\\w{4}|execsvc)$'],
    ['\\x5c.{8}\\.exe$'],
    ['^C:\\\\Windows\\\\'],
    ['(?i)psexesvc'],
    ['user@example\\.com'],
    ['a<b>~c#d&e'],
    ['(a)\\1'],
  ])('/%s/', (pcre) => {
    const r = convert(`x=1 | regex Service_Name="${pcre.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);
    const want = expected('winlog.event_data.ServiceName', pcre);
    expect(r.output.body.query).toEqual({ bool: { filter: [term('x', '1'), want.query] } });
    expect(r.fidelity).toBe(want.fidelity);
  });

  it('regex f!=re is must_not (true for events without f, as SPL)', () => {
    const r = convert('x=1 | regex Service_Start_Type!="4|disabled"');
    const want = expected('winlog.event_data.StartType', '4|disabled');
    if (want.fidelity === 'exact') expect(r.output.body.query).toEqual(andNot([term('x', '1')], [want.query]));
    else expect(r.output.body.query).toEqual(term('x', '1'));
  });

  it('where NOT match(f, re) needs f (three-valued logic)', () => {
    const r = convert('x=1 | where NOT match(Service_Name, "^a")');
    const want = expected('winlog.event_data.ServiceName', '^a');
    expect(r.output.body.query).toEqual(andNot([term('x', '1'), exists('winlog.event_data.ServiceName')], [want.query]));
  });

  it('a regex on a numeric field is kept as exists (superset); under NOT dropped', () => {
    const pos = convert('x=1 | regex process_id="^1"');
    expect(pos.output.body.query).toEqual({ bool: { filter: [term('x', '1'), exists('process.pid')] } });
    expect(pos.fidelity).toBe('superset');
    const neg = convert('x=1 | regex process_id!="^1"');
    expect(neg.output.body.query).toEqual(term('x', '1'));
    expect(neg.fidelity).toBe('superset');
  });
});

describe('escaping', () => {
  it.each([
    ['plain', 'plain'],
    ['a*b', 'a*b'],
    ['C:\\\\Temp\\\\*', 'C:\\\\Temp\\\\*'],
  ])('wildcard of SPL value %s', (spl, want) => {
    expect(wildcardValue(fromSearchValue(spl.replace(/\\\\/g, '\\')))).toBe(want);
  });

  it('wildcard escapes literal \\ * ? and prints like\'s % and _', () => {
    expect(wildcardValue({ parts: [{ kind: 'lit', text: 'a\\b*c?d' }] })).toBe('a\\\\b\\*c\\?d');
    expect(wildcardValue(fromLikePattern('a_b%'))).toBe('a?b*');
  });

  it.each([
    ['abc', 'abc'],
    ['a.b', 'a\\.b'],
    ['user@dom', 'user\\@dom'],
    ['<EventID>7045<', '\\<EventID\\>7045\\<'],
    ['a~b&c#d', 'a\\~b\\&c\\#d'],
    ['(x)[y]{z}', '\\(x\\)\\[y\\]\\{z\\}'],
    ['a|b+c?d*', 'a\\|b\\+c\\?d\\*'],
    ['"q" \\ ^$', '\\"q\\" \\\\ \\^\\$'],
    ['a-b=c/d:e', 'a-b=c/d:e'],
  ])('regexp literal %s → %s', (text, want) => {
    expect(regexpLiteral(text)).toBe(want);
  });

  it('regexp literal folds non-ASCII letters into classes when asked', () => {
    expect(regexpLiteral('Über', true)).toBe('[Üü]ber');
    expect(regexpLiteral('ß', true)).toBe('ß');
  });

  it('class members escape every ASCII punctuation character', () => {
    expect(regexpClassMembers(' ]-^\\a')).toBe(' \\]\\-\\^\\\\a');
  });

  it.each([
    ['.*abc.*', false],
    ['a\\@b', false],
    ['[@&]', false],
    ['"a@b"', false],
    ['a@b', true],
    ['<1-5>', true],
    ['~a', true],
  ])('optional operators in %s: %s', (re, want) => {
    expect(usesOptionalOperators(re)).toBe(want);
  });

  it('NOT of a regexp on a missing field is true (must_not)', () => {
    const r = convert('NOT Service_Name=x*');
    expect(r.output.body.query).toEqual(mustNot({ prefix: { 'winlog.event_data.ServiceName': { value: 'x', case_insensitive: true } } }));
  });
});
