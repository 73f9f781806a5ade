import { describe, expect, it } from 'vitest';
import { parseSpl } from '../../src/spl/parser.js';
import { showSearch } from '../helpers/spl.js';

/** The first stage's search expression, shown compactly. */
function search(spl: string): string {
  const { pipeline } = parseSpl(spl);
  const first = pipeline.stages[0]!;
  if (first.command !== 'search') throw new Error(`first stage is ${first.command}`);
  return showSearch(first.expr);
}

describe('search language: precedence is parentheses > NOT > OR > AND, AND implicit', () => {
  it.each([
    ['A=1 B=2 OR C=3', 'AND(A=1, OR(B=2, C=3))'],
    ['A=1 AND B=2 OR C=3', 'AND(A=1, OR(B=2, C=3))'],
    ['(A=1 B=2) OR C=3', 'OR(AND(A=1, B=2), C=3)'],
    ['NOT A=1 OR B=2', 'OR(NOT(A=1), B=2)'],
    ['NOT (A=1 OR B=2)', 'NOT(OR(A=1, B=2))'],
    ['NOT NOT A=1', 'NOT(NOT(A=1))'],
    ['a or b', 'AND(a, or, b)'],
    ['web error', 'AND(web, error)'],
    ['"web error"', '"web error"'],
  ])('%s → %s', (spl, want) => {
    expect(search(spl)).toBe(want);
  });
});

describe('search language: comparisons, values, directives', () => {
  it.each([
    ['EventCode=7045', 'EventCode=7045'],
    ['EventCode = 7045', 'EventCode=7045'],
    ['user!=admin', 'user!=admin'],
    ['count>=10 x<5', 'AND(count>=10, x<5)'],
    ['process_name="cmd.exe"', 'process_name="cmd.exe"'],
    ['process="*\\\\temp\\\\*"', 'process="*\\\\temp\\\\*"'],
    ['url=http://a/b?c=d', 'url=http://a/b?c=d'],
    ['status=4*', 'status=4*'],
    ['host=CASE(LOCALHOST)', 'host=CASE(LOCALHOST)'],
    ['TERM(EventCode=7045)', 'TERM(EventCode=7045)'],
    ['TERM(10.0.0.1) CASE(Admin)', 'AND(TERM(10.0.0.1), CASE(Admin))'],
    ['term (x)', 'AND(term, x)'],
    ['status IN (400, 40*, "5 0 0")', 'status IN(400, 40*, "5 0 0")'],
    ['`sysmon` EventCode=1', 'AND(`sysmon`, EventCode=1)'],
    ['`get_data(a, "b,c")` x', 'AND(`get_data(a,"b,c")`, x)'],
    ['x [search index=a | fields user]', 'AND(x, [search | fields])'],
    ['a ```a comment``` b', 'AND(a, b)'],
    ['"say \\"hi\\""', '"say \\"hi\\""'],
  ])('%s → %s', (spl, want) => {
    expect(search(spl)).toBe(want);
  });
});

describe('pipeline splitting', () => {
  it.each([
    ['a | regex f="x|y" | table a', ['search', 'regex', 'table']],
    ['| tstats count where index=x by host', ['tstats']],
    ['a [search b | head 1] | stats count', ['search', 'stats']],
    ['search a | where x=1', ['search', 'where']],
    ['a | mystery cmd args | head 5', ['search', 'opaque', 'head']],
  ])('%s', (spl, want) => {
    expect(parseSpl(spl).pipeline.stages.map((s) => s.command)).toEqual(want);
  });
});

describe('errors are positioned values, and a broken stage is kept', () => {
  it.each([
    ['a=1 (b=2', 'SPL003', '('],
    ['a=1 | regex', 'SPL012', 'regex'],
    ['a= | head 1', 'SPL005', '='],
    ['a | | b', 'SPL006', '|'],
    ['a | mystery x', 'SPL020', 'mystery'],
    ['x="unterminated', 'SPL002', '"unterminated'],
    ['a OR', 'SPL001', 'OR'],
    ['a [search b', 'SPL004', '['],
  ])('%s → %s at %s', (spl, code, at) => {
    const r = parseSpl(spl);
    const d = r.diagnostics.find((x) => x.code === code);
    expect(d, JSON.stringify(r.diagnostics)).toBeDefined();
    expect(spl.slice(d!.span!.start, d!.span!.end)).toBe(at);
    // No stage is lost: every pipe-separated part is still there (empty stages excepted).
    expect(r.pipeline.stages.length).toBe(spl.split('|').filter((s) => s.trim()).length);
  });

  it('spans point at the original text', () => {
    const spl = 'index=main user="bob" | regex cmd!="\\\\d+"';
    const { pipeline } = parseSpl(spl);
    const regex = pipeline.stages[1]!;
    if (regex.command !== 'regex') throw new Error('not regex');
    expect(spl.slice(regex.patternSpan.start, regex.patternSpan.end)).toBe('"\\\\d+"');
    expect(regex.pattern).toBe('\\d+');
    expect(spl.slice(regex.field.span.start, regex.field.span.end)).toBe('cmd');
  });

  it('survives deep nesting without a stack overflow', () => {
    const spl = '('.repeat(5000) + 'a' + ')'.repeat(5000);
    const r = parseSpl(spl);
    expect(r.diagnostics.some((d) => d.code === 'SPL013')).toBe(true);
  });
});
