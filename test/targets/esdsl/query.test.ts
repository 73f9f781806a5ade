import { describe, expect, it } from 'vitest';
import { MAJOR_BREAKERS, MINOR_BREAKERS, breakerClass, classChars } from '../../../src/targets/esdsl/escape.js';
import * as raw from '../../../src/targets/js/runtime/raw.js';
import { andNot, convert, exists, filter, messages, mustNot, prefix, queryOf, should, term, wildcard } from './helpers.js';

const ANY = breakerClass(MAJOR_BREAKERS + MINOR_BREAKERS);
const MAJOR = breakerClass(MAJOR_BREAKERS);
const rawTerm = (body: string, ci = true) => ({ regexp: { 'event.original': { value: `(.*${ANY})?${body}(${ANY}.*)?`, ...(ci ? { case_insensitive: true } : {}) } } });
const rawIndexed = (body: string, ci = true) => ({ regexp: { 'event.original': { value: `(.*${MAJOR})?${body}(${MAJOR}.*)?`, ...(ci ? { case_insensitive: true } : {}) } } });
const DIGITS = { regexp: { a: { value: '.*([0-9]|Infinity).*' } } };

describe('field leaves (profile ecs)', () => {
  it.each<[string, unknown]>([
    // term: case-insensitive search values get case_insensitive (only when the value has letters)
    ['EventCode=7045', term('event.code', '7045')],
    ['user=Admin', term('user.name', 'Admin', true)],
    ['user=CASE(Admin)', term('user.name', 'Admin')],
    ['user=""', term('user.name', '')],
    // wildcards: prefix where it helps, else wildcard with literal \ * ? escaped
    ['user=adm*', prefix('user.name', 'adm', true)],
    ['process=*\\\\temp\\\\*', wildcard('process.command_line', '*\\\\temp\\\\*', true)],
    ['user="a*b?c"', wildcard('user.name', 'a*b\\?c', true)],
    ['user=*a~b@c*', wildcard('user.name', '*a~b@c*', true)],
    ['x=1 | where like(user, "a_b%")', filter(term('x', '1'), wildcard('user.name', 'a?b*'))],
    // exists / never / absent
    ['user=*', exists('user.name')],
    ['user!=*', { match_none: {} }],
    ['NOT user=*', mustNot(exists('user.name'))],
    // neq needs the field; NOT does not
    ['user!=admin', andNot([exists('user.name')], [term('user.name', 'admin', true)])],
    ['NOT user=admin', mustNot(term('user.name', 'admin', true))],
    ['NOT user!=admin', mustNot(andNot([exists('user.name')], [term('user.name', 'admin', true)]))],
    ['x=1 | where NOT user="a"', andNot([term('x', '1'), exists('user.name')], [term('user.name', 'a')])],
    // IN: terms only when no case folding is needed (terms has no case_insensitive)
    ['user IN (a, b)', should(term('user.name', 'a', true), term('user.name', 'b', true))],
    ['EventCode IN (7045, 4697)', { terms: { 'event.code': ['7045', '4697'] } }],
    ['x=1 | where user IN ("a", "b")', filter(term('x', '1'), { terms: { 'user.name': ['a', 'b'] } })],
    ['user IN (A, b*)', should(term('user.name', 'A', true), prefix('user.name', 'b', true))],
    // boolean structure
    ['a=1 b=2 OR c=3', filter(term('a', '1'), should(term('b', '2'), term('c', '3')))],
    ['a=1 NOT b=2 NOT c=3', andNot([term('a', '1')], [term('b', '2'), term('c', '3')])],
  ])('%s', (spl, want) => {
    expect(queryOf(spl)).toEqual(want);
  });

  it.each<[string, unknown, string]>([
    // numeric fields (ECS type table): numeric range, exact
    ['process_id>5', { range: { 'process.pid': { gt: 5 } } }, 'exact'],
    ['process_id<=5.5', { range: { 'process.pid': { lte: 5.5 } } }, 'exact'],
    ['_time>=1700000000', { range: { '@timestamp': { gte: 1700000000, format: 'epoch_second' } } }, 'exact'],
    ['process_id=7', term('process.pid', 7), 'exact'],
    ['process_id=07', term('process.pid', 7), 'superset'],
    ['process_id=abc', { match_none: {} }, 'exact'],
    ['process_id=7*', exists('process.pid'), 'superset'],
    // keyword field, numeric value: ES compares strings → range OR looks-numeric (superset)
    ['a>5', should({ range: { a: { gt: '5' } } }, DIGITS), 'superset'],
    ['NOT a>5', mustNot(andNot([{ range: { a: { gt: '5' } } }], [DIGITS])), 'superset'],
    // keyword field, string value: exact when case-sensitive (where) or case folding cannot change the order
    ['x=1 | where a < "m"', filter(term('x', '1'), { range: { a: { lt: 'm' } } }), 'exact'],
    ['a>=@', { range: { a: { gte: '@' } } }, 'exact'],
    ['a<m', exists('a'), 'superset'],
    // ip fields
    ['src=10.1.2.3', term('source.ip', '10.1.2.3'), 'exact'],
    ['src=10.1.*', term('source.ip', '10.1.0.0/16'), 'exact'],
    ['src=10.*.3', exists('source.ip'), 'superset'],
    ['x=1 | where cidrmatch("10.0.0.0/8", src)', filter(term('x', '1'), term('source.ip', '10.0.0.0/8')), 'exact'],
    ['x=1 | where cidrmatch("10.0.16.0/20", a)', filter(term('x', '1'), { regexp: { a: { value: '10\\.0\\.<16-31>\\.<0-255>', flags: 'ALL' } } }), 'exact'],
    ['x=1 | where cidrmatch("10.1.2.3", a)', filter(term('x', '1'), term('a', '10.1.2.3')), 'exact'],
  ])('%s → %j (%s)', (spl, want, fidelity) => {
    const r = convert(spl);
    expect(r.output.body.query).toEqual(want);
    expect(r.fidelity).toBe(fidelity);
  });

  it('notes an unmapped field, and makes it unsupported under --strict', () => {
    const loose = convert('NoSuchField=1');
    expect(loose.output.body.query).toEqual(term('NoSuchField', '1'));
    expect(loose.fidelity).toBe('exact');
    expect(messages(loose)).toEqual(['field NoSuchField is not mapped by profile ecs: searched as NoSuchField']);
    const strict = convert('NoSuchField=1', { strict: true });
    expect(strict.fidelity).toBe('unsupported');
    expect(strict.notes).toContainEqual(expect.objectContaining({ level: 'error', stage: 0, span: { start: 0, end: 13 } }));
  });
});

describe('raw-text leaves (profile ecs: event.original)', () => {
  it.each<[string, unknown]>([
    // term: bounded by any breaker or the text's ends (exact, regexp)
    ['error', rawTerm('error')],
    ['foo@bar.c', rawTerm('foo\\@bar\\.c')],
    ['err*or', rawTerm('err.*or')],
    // a side starting (ending) with a wildcard or a breaker needs no breaker there
    ['*error', { regexp: { 'event.original': { value: `.*.*error(${ANY}.*)?`, case_insensitive: true } } }],
    ['-enc', { regexp: { 'event.original': { value: `.*-enc(${ANY}.*)?`, case_insensitive: true } } }],
    ['CASE(Error)', rawTerm('Error', false)],
    ['123', rawTerm('123', false)],
    // non-ASCII letters: case_insensitive folds ASCII only, so they become classes
    ['été', rawTerm('[éÉ]t[éÉ]')],
    // phrase: case-insensitive substring (exact, wildcard)
    ['"failed login"', wildcard('event.original', '*failed login*', true)],
    ['"a*b?c\\\\d"', wildcard('event.original', '*a*b\\?c\\\\d*', true)],
    // TERM(x): bounded by major breakers
    ['TERM(10.0.0.1)', rawIndexed('10\\.0\\.0\\.1', false)],
  ])('%s', (spl, want) => {
    const r = convert(spl);
    expect(r.output.body.query).toEqual(want);
    expect(r.fidelity).toBe('exact');
  });

  it('breakers are the JS matcher\'s (runtime/raw.ts): exactly the characters its classes match', () => {
    for (const [chars, body] of [[MAJOR_BREAKERS, raw.MAJOR_BREAKERS], [MINOR_BREAKERS, raw.MINOR_BREAKERS]] as const) {
      const re = new RegExp(`^[${body}]$`, 'u');
      const matched: string[] = [];
      for (let cp = 0; cp <= 0x10ffff; cp++) if (re.test(String.fromCodePoint(cp))) matched.push(String.fromCodePoint(cp));
      expect([...chars].sort()).toEqual(matched.sort());
    }
    expect(MAJOR_BREAKERS.startsWith(' \t\n\v\f\r\u00a0')).toBe(true);
    expect(MINOR_BREAKERS).toBe('/:=@.-$#%\\_');
    expect(() => classChars('a-z')).toThrow(/range/);
    expect(() => classChars('\\d')).toThrow(/escape/);
  });

  it('notes once what the raw field needs', () => {
    const r = convert('a b');
    expect(r.notes.filter((n) => n.message.startsWith('raw-text search uses event.original'))).toHaveLength(1);
  });

  it('lifts TERM(f=v) to the field test OR the raw form (superset, noted)', () => {
    const r = convert('TERM(EventCode=7045)');
    expect(r.output.body.query).toEqual(should(term('event.code', '7045'), rawIndexed('EventCode=7045')));
    expect(r.fidelity).toBe('superset');
    expect(r.notes).toContainEqual(
      expect.objectContaining({ level: 'info', stage: 0, message: 'TERM(EventCode=7045) searched as field EventCode=7045 (event.code) or as the raw term (superset of the raw-text match)' }),
    );
  });

  it('keeps the exact raw form of a lifted TERM under NOT', () => {
    const r = convert('x=1 NOT TERM(EventCode=7045)');
    expect(r.output.body.query).toEqual(andNot([term('x', '1')], [rawIndexed('EventCode=7045')]));
    expect(r.fidelity).toBe('exact');
  });

  it('without a raw field (profile sigma) a lifted TERM is the field test only (partial), a bare term is dropped', () => {
    const lifted = convert('TERM(EventCode=7045)', { profile: 'sigma' });
    expect(lifted.output.body.query).toEqual(term('EventID', '7045'));
    expect(lifted.fidelity).toBe('partial');
    const bare = convert('x=1 error', { profile: 'sigma' });
    expect(bare.output.body.query).toEqual(term('x', '1'));
    expect(bare.fidelity).toBe('superset');
    const negated = convert('x=1 NOT error', { profile: 'sigma' });
    expect(negated.output.body.query).toEqual(term('x', '1'));
    expect(messages(negated)).toContainEqual(expect.stringContaining('under NOT, so the negated test is dropped'));
  });

  it('profile splunk (liftTerms false): TERM stays a raw search on _raw', () => {
    const r = convert('TERM(EventCode=7045)', { profile: 'splunk' });
    expect(r.output.body.query).toEqual({ regexp: { _raw: { value: `(.*${MAJOR})?EventCode=7045(${MAJOR}.*)?`, case_insensitive: true } } });
    expect(r.fidelity).toBe('exact');
  });
});

describe('what cannot be expressed: superset at even depth, the whole negated branch under NOT', () => {
  it.each<[string, unknown, string]>([
    ['x=1 | where len(user) > 3', term('x', '1'), 'eval expression (len(user) > 3) would need a script query'],
    ['x=1 | where NOT len(user) > 3', term('x', '1'), 'would need a script query'],
    ['x=1 (`undefined_macro` OR y=2)', term('x', '1'), 'macro `undefined_macro` is not defined'],
    ['x=1 [search y=2 | fields z]', term('x', '1'), 'a subsearch filters by its results'],
    // NOT (a AND ?) = NOT a OR NOT ? → everything
    ['x=1 NOT (a=1 AND `m`)', term('x', '1'), 'under NOT, so the negated test is dropped'],
    // NOT (a OR ?) = NOT a AND NOT ? → NOT a is kept
    ['x=1 NOT (a=1 OR `m`)', andNot([term('x', '1')], [term('a', '1')]), 'under NOT, so the negated test is dropped'],
    // NOT (a AND NOT ?) = NOT a OR ? → everything (the inner ? is back in a positive position: match_all)
    ['x=1 NOT (a=1 NOT `m`)', term('x', '1'), 'macro `m` is not defined'],
    // NOT (a AND NOT b) with b exact stays exact
    ['x=1 NOT (a=1 NOT b=2)', andNot([term('x', '1')], [andNot([term('a', '1')], [term('b', '2')])]), ''],
  ])('%s', (spl, want, note) => {
    const r = convert(spl);
    expect(r.output.body.query).toEqual(want);
    if (!note) return expect(r.fidelity).toBe('exact');
    expect(r.fidelity).toBe('superset');
    expect(messages(r)).toContainEqual(expect.stringContaining(note));
    expect(r.notes.find((n) => n.message.includes(note))?.stage).toBe(spl.includes('| where') ? 1 : 0);
  });
});
