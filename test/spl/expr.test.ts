import { describe, expect, it } from 'vitest';
import type { Command, Expr } from '../../src/spl/ast.js';
import { parseSpl } from '../../src/spl/parser.js';
import { strip } from '../helpers/spl.js';

// ───────────── helpers ─────────────

const f = (name: string) => ({ kind: 'field', name });
const s = (value: string) => ({ kind: 'string', value });
const n = (raw: string) => ({ kind: 'number', value: Number(raw), raw });
const call = (fn: string, ...args: unknown[]) => ({ kind: 'call', fn, args });
const bin = (op: string, left: unknown, right: unknown) => ({ kind: 'binary', op, left, right });
const un = (op: string, operand: unknown) => ({ kind: 'unary', op, operand });
const inList = (operand: unknown, ...values: unknown[]) => ({ kind: 'in', operand, values });

/** Parse `index=x | <stage>` and return the second stage and the diagnostics. */
function stage(text: string): { cmd: Command; text: string; diagnostics: ReturnType<typeof parseSpl>['diagnostics'] } {
  const spl = `index=x | ${text}`;
  const r = parseSpl(spl);
  expect(r.pipeline.stages).toHaveLength(2);
  return { cmd: r.pipeline.stages[1]!, text: spl, diagnostics: r.diagnostics };
}

function whereExpr(src: string): { expr: Expr; text: string } {
  const { cmd, text, diagnostics } = stage(`where ${src}`);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  if (cmd.command !== 'where') throw new Error(`not a where stage: ${JSON.stringify(cmd)}`);
  return { expr: cmd.expr, text };
}

/** Children of an expression node, in source order. */
function children(e: Expr): Expr[] {
  switch (e.kind) {
    case 'binary':
      return [e.left, e.right];
    case 'unary':
      return [e.operand];
    case 'call':
      return [...e.args];
    case 'in':
      return [e.operand, ...e.values];
    default:
      return [];
  }
}

function preorder(e: Expr, out: Expr[] = []): Expr[] {
  out.push(e);
  for (const c of children(e)) preorder(c, out);
  return out;
}

// ───────────── precedence and shapes ─────────────

const ROWS: [string, unknown][] = [
  // boolean precedence: NOT > AND > OR > XOR (Splunk "Boolean expressions with logical operators")
  ['a=1 OR b=2 AND c=3', bin('OR', bin('=', f('a'), n('1')), bin('AND', bin('=', f('b'), n('2')), bin('=', f('c'), n('3'))))],
  ['a=1 AND b=2 OR c=3', bin('OR', bin('AND', bin('=', f('a'), n('1')), bin('=', f('b'), n('2'))), bin('=', f('c'), n('3')))],
  ['NOT a=1 AND b=2', bin('AND', un('NOT', bin('=', f('a'), n('1'))), bin('=', f('b'), n('2')))],
  ['a OR b XOR c', bin('XOR', bin('OR', f('a'), f('b')), f('c'))],
  ['a XOR b OR c', bin('XOR', f('a'), bin('OR', f('b'), f('c')))],
  ['(a OR b) AND c', bin('AND', bin('OR', f('a'), f('b')), f('c'))],
  ['a and b or not c', bin('OR', bin('AND', f('a'), f('b')), un('NOT', f('c')))],
  ['NOT NOT a', un('NOT', un('NOT', f('a')))],
  ['!isnull(x)', un('NOT', call('isnull', f('x')))],
  // comparison, arithmetic, concatenation
  ['"a" . b . "c"', bin('.', bin('.', s('a'), f('b')), s('c'))],
  ['-x + 2 * 3', bin('+', un('-', f('x')), bin('*', n('2'), n('3')))],
  ['a < b + 1', bin('<', f('a'), bin('+', f('b'), n('1')))],
  ['len(x) >= 10 AND x % 2 == 0', bin('AND', bin('>=', call('len', f('x')), n('10')), bin('==', bin('%', f('x'), n('2')), n('0')))],
  ['a - b - c', bin('-', bin('-', f('a'), f('b')), f('c'))],
  ['a / (b - c)', bin('/', f('a'), bin('-', f('b'), f('c')))],
  ['-(-x)', un('-', un('-', f('x')))],
  ['x != 1.5e3', bin('!=', f('x'), n('1.5e3'))],
  ['x > .5', bin('>', f('x'), n('.5'))],
  // fields: dotted names are one identifier; a spaced dot is concatenation; quoted names
  ['Processes.process_name == "cmd.exe"', bin('==', f('Processes.process_name'), s('cmd.exe'))],
  ['a . b', bin('.', f('a'), f('b'))],
  ["'odd field' = \"v\"", bin('=', f('odd field'), s('v'))],
  ['true', f('true')],
  // LIKE, IN
  ['NOT like(x, "a%")', un('NOT', call('like', f('x'), s('a%')))],
  ['x LIKE "a%"', bin('LIKE', f('x'), s('a%'))],
  ['x like "a%" AND y Like "b_"', bin('AND', bin('LIKE', f('x'), s('a%')), bin('LIKE', f('y'), s('b_')))],
  ['x NOT LIKE "a%"', un('NOT', bin('LIKE', f('x'), s('a%')))],
  ['x IN ("a","b")', inList(f('x'), s('a'), s('b'))],
  ['x in(1, 2)', inList(f('x'), n('1'), n('2'))],
  ['x NOT IN ("a")', un('NOT', inList(f('x'), s('a')))],
  ['NOT x IN ("a")', un('NOT', inList(f('x'), s('a')))],
  ['in(x, "a", "b")', call('in', f('x'), s('a'), s('b'))],
  // calls
  [String.raw`match(f, "^\\d+$")`, call('match', f('f'), s(String.raw`^\d+$`))],
  ['case(a=1, "one", true(), "other")', call('case', bin('=', f('a'), n('1')), s('one'), call('true'), s('other'))],
  ['if(isnull(x), 0, x)', call('if', call('isnull', f('x')), n('0'), f('x'))],
  ['now()', call('now')],
  ['mvindex(split(x, "\\\\"), -1) = "a"', bin('=', call('mvindex', call('split', f('x'), s('\\')), un('-', n('1'))), s('a'))],
  ['if (a, 1, 2)', call('if', f('a'), n('1'), n('2'))],
  ['cidrmatch("10.0.0.0/8", src) OR x ```a comment``` = 1', bin('OR', call('cidrmatch', s('10.0.0.0/8'), f('src')), bin('=', f('x'), n('1')))],
];

describe('eval expressions: precedence and shapes (via where)', () => {
  it.each(ROWS)('%s', (src, expected) => {
    expect(strip(whereExpr(src).expr)).toEqual(expected);
  });

  it("warns that '!' is read as NOT", () => {
    const { diagnostics } = stage('where !isnull(x)');
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([['SPL024', 'warning']]);
  });
});

// ───────────── eval command ─────────────

describe('eval command', () => {
  const EVAL_ROWS: [string, unknown][] = [
    ['eval x=1', [{ field: { name: 'x' }, expr: n('1') }]],
    [
      `eval x=1, 'y z'="a", "q"=x . "s"`,
      [
        { field: { name: 'x' }, expr: n('1') },
        { field: { name: 'y z' }, expr: s('a') },
        { field: { name: 'q' }, expr: bin('.', f('x'), s('s')) },
      ],
    ],
    ['eval dest = SChannelName, user = UserName', [{ field: { name: 'dest' }, expr: f('SChannelName') }, { field: { name: 'user' }, expr: f('UserName') }]],
    ['eval Processes.x=lower(y)', [{ field: { name: 'Processes.x' }, expr: call('lower', f('y')) }]],
    ['eval {key} = value', [{ field: { name: '{key}' }, expr: f('value') }]],
    ['eval feature_-value=1', [{ field: { name: 'feature_-value' }, expr: n('1') }]],
    ['eval x = y = 2', [{ field: { name: 'x' }, expr: bin('=', f('y'), n('2')) }]],
  ];
  it.each(EVAL_ROWS)('%s', (src, expected) => {
    const { cmd, diagnostics } = stage(src);
    expect(diagnostics).toEqual([]);
    expect(cmd.command).toBe('eval');
    if (cmd.command === 'eval') expect(strip(cmd.assignments)).toEqual(expected);
  });
});

// ───────────── errors ─────────────

describe('expression errors: opaque stage, coded diagnostic, exact span', () => {
  const ERRORS: [string, string, string][] = [
    // [stage text, code, text the diagnostic's span covers]
    ['where (a=1', 'SPL003', '('],
    ['where a=1)', 'SPL003', ')'],
    ['eval x=if(a, 1', 'SPL003', '('],
    ['where f(a, g(b)', 'SPL003', '('],
    ['where x IN ("a", "b"', 'SPL003', '('],
    ['where a=', 'SPL010', '='],
    ['where a AND', 'SPL010', 'AND'],
    ['where a b', 'SPL010', 'b'],
    ['where x=*', 'SPL010', '*'],
    ['where f(a,)', 'SPL010', ','],
    ['where ()', 'SPL010', '()'],
    ['where x IN ()', 'SPL010', '()'],
    ['where x IN "a"', 'SPL010', '"a"'],
    ['where (a b)', 'SPL010', 'b'],
    ['where a OR OR b', 'SPL010', 'OR'],
    ['where "abc', 'SPL002', '"abc'],
    ["where 'abc", 'SPL002', "'abc"],
    ['where', 'SPL012', 'where'],
    ['eval x', 'SPL010', 'x'],
    ['eval x=', 'SPL010', '='],
    ['eval x=1 y=2', 'SPL010', 'y'],
    ['eval =1', 'SPL008', '='],
  ];
  it.each(ERRORS)('%s → %s', (src, code, covered) => {
    const { cmd, text, diagnostics } = stage(src);
    expect(cmd.command).toBe('opaque');
    const errors = diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(1);
    const e = errors[0]!;
    expect(e.code).toBe(code);
    expect(text.slice(e.span!.start, e.span!.end)).toBe(covered);
  });

  it('guards nesting depth (SPL013) instead of overflowing the stack', () => {
    const deep = `${'('.repeat(400)}a${')'.repeat(400)}`;
    const { cmd, diagnostics } = stage(`where ${deep}`);
    expect(cmd.command).toBe('opaque');
    expect(diagnostics.map((d) => d.code)).toEqual(['SPL013']);
    const calls = stage(`where ${'f('.repeat(400)}a${')'.repeat(400)}`);
    expect(calls.diagnostics.map((d) => d.code)).toEqual(['SPL013']);
    const minus = stage(`where ${'-'.repeat(400)}a`);
    expect(minus.diagnostics.map((d) => d.code)).toEqual(['SPL013']);
  });

  it('a long flat chain is not nesting', () => {
    const { expr } = whereExpr(Array.from({ length: 2000 }, (_, i) => `a${i}=1`).join(' OR '));
    expect(expr.kind).toBe('binary');
  });

  it('an undefined macro inside the expression keeps the stage verbatim with a warning', () => {
    const { cmd, diagnostics } = stage('where x > relative_time(now(), `window`)');
    expect(cmd.command).toBe('opaque');
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([['SPL021', 'warning']]);
  });
});

// ───────────── spans ─────────────

describe('spans slice the original text to what each node represents', () => {
  const SPANS: [string, string[]][] = [
    ['(a OR b) AND like(c, "x%")', ['(a OR b) AND like(c, "x%")', '(a OR b)', 'a', 'b', 'like(c, "x%")', 'c', '"x%"']],
    ['-x + 2 * 3', ['-x + 2 * 3', '-x', 'x', '2 * 3', '2', '3']],
    ['x NOT IN ("a", "b")', ['x NOT IN ("a", "b")', 'x NOT IN ("a", "b")', 'x', '"a"', '"b"']],
    ['NOT  ( x )', ['NOT  ( x )', '( x )']],
    ["'a b' . \"c\"", ["'a b' . \"c\"", "'a b'", '"c"']],
    ['if(a=1, Processes.x, 0)', ['if(a=1, Processes.x, 0)', 'a=1', 'a', '1', 'Processes.x', '0']],
  ];
  it.each(SPANS)('%s', (src, slices) => {
    const { expr, text } = whereExpr(src);
    expect(preorder(expr).map((e) => text.slice(e.span.start, e.span.end))).toEqual(slices);
  });

  it('every child lies inside its parent, in order', () => {
    const { expr } = whereExpr('case(a=1 OR b<2, "x" . y, NOT z IN (1, 2), -3 * (4 + q))');
    for (const e of preorder(expr)) {
      let prev = e.span.start;
      for (const c of children(e)) {
        expect(c.span.start).toBeGreaterThanOrEqual(prev);
        expect(c.span.end).toBeLessThanOrEqual(e.span.end);
        prev = c.span.end;
      }
    }
  });

  it('eval assignment spans cover field to expression', () => {
    const { cmd, text } = stage(`eval 'x y' = a . "b", z=1`);
    if (cmd.command !== 'eval') throw new Error('not eval');
    expect(cmd.assignments.map((a) => text.slice(a.span.start, a.span.end))).toEqual([`'x y' = a . "b"`, 'z=1']);
    expect(text.slice(cmd.span.start, cmd.span.end)).toBe(`eval 'x y' = a . "b", z=1`);
  });
});
