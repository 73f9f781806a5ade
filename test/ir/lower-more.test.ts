import { describe, expect, it } from 'vitest';
import { printPredicate } from '../../src/ir/print-predicate.js';
import { printExpr } from '../../src/ir/print-expr.js';
import type { Stage } from '../../src/ir/types.js';
import { unlowered } from '../../src/analysis/coverage.js';
import { lowerSpl } from '../helpers/spl.js';

/** A stage without provenance, for comparison (predicates and expressions printed). */
function shape(s: Stage): unknown {
  const { origin: _o, ...rest } = s;
  switch (s.kind) {
    case 'appendpipe':
      return { ...rest, stages: s.stages.map(shape) };
    case 'transaction':
      return { ...rest, ...(s.startswith ? { startswith: printPredicate(s.startswith) } : {}), ...(s.endswith ? { endswith: printPredicate(s.endswith) } : {}) };
    case 'eval':
      return { ...rest, assignments: s.assignments.map((a) => ({ field: a.field, expr: printExpr(a.expr) })) };
    case 'filter':
      return { kind: 'filter', predicate: printPredicate(s.predicate) };
    default:
      return rest;
  }
}

describe('lowering iplocation, makemv, replace, fromjson, appendpipe, transaction', () => {
  it.each<[string, unknown[]]>([
    [
      'x=1 | iplocation src',
      [{ kind: 'iplocation', field: 'src', prefix: '', allFields: false, outputs: ['City', 'Country', 'Region', 'lat', 'lon'] }],
    ],
    [
      'x=1 | iplocation prefix=auth_ allfields=true dest',
      [
        {
          kind: 'iplocation',
          field: 'dest',
          prefix: 'auth_',
          allFields: true,
          outputs: ['auth_City', 'auth_Continent', 'auth_Country', 'auth_MetroCode', 'auth_Region', 'auth_Timezone', 'auth_lat', 'auth_lon'],
        },
      ],
    ],
    ['x=1 | makemv answer', [{ kind: 'makemv', field: 'answer', split: { kind: 'delim', delim: ' ' }, allowEmpty: false, setsv: false }]],
    [
      'x=1 | makemv tokenizer="(\\w+)" allowempty=true p',
      [{ kind: 'makemv', field: 'p', split: { kind: 'tokenizer', pattern: '(\\w+)' }, allowEmpty: true, setsv: false }],
    ],
    [
      'x=1 | replace "::ffff:*" with * , a WITH b in src, dest',
      [{ kind: 'replace', pairs: [{ from: '::ffff:*', to: '*' }, { from: 'a', to: 'b' }], fields: ['src', 'dest'] }],
    ],
    ['x=1 | fromjson Data prefix=d_', [{ kind: 'fromjson', field: 'Data', prefix: 'd_' }]],
    [
      'x=1 | appendpipe [| stats count by host | where count > 2 | eval t="total"]',
      [
        {
          kind: 'appendpipe',
          stages: [
            { kind: 'stats', variant: 'stats', aggregations: [{ fn: 'count', as: 'count' }], by: ['host'], options: {} },
            { kind: 'filter', predicate: 'count>"2"(cs)(num)' },
            { kind: 'eval', assignments: [{ field: 't', expr: '"total"' }] },
          ],
        },
      ],
    ],
    [
      'x=1 | transaction user startsWith=(operationName="Enable account") endsWith=eval(status>=500) maxspan=2m maxpause=30s maxevents=10 keepevicted=true',
      [
        {
          kind: 'transaction',
          fields: ['user'],
          maxspan: { value: 2, unit: 'm', seconds: 120 },
          maxpause: { value: 30, unit: 's', seconds: 30 },
          maxevents: 10,
          startswith: 'operationName="Enable account"',
          endswith: 'status>="500"(cs)(num)',
          options: { maxspan: '2m', maxpause: '30s', maxevents: '10', keepevicted: 'true' },
        },
      ],
    ],
  ])('%s', (spl, stages) => {
    const rule = lowerSpl(spl);
    expect(rule.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(rule.query.stages.map(shape)).toEqual(stages);
    expect(rule.stageMap.map((s) => s.loweredTo)).toEqual(['filter', 'stage']);
  });
});

describe('top and rare are spelled with existing stages (stats, eventstats, eval, sort, dedup/head)', () => {
  const percent = 'round(((count * 100) / _spl2x_top_total), 6)';
  it.each<[string, unknown[]]>([
    [
      'x=1 | top user',
      [
        { kind: 'stats', variant: 'stats', aggregations: [{ fn: 'count', as: 'count' }], by: ['user'], options: {} },
        { kind: 'stats', variant: 'eventstats', aggregations: [{ fn: 'sum', field: 'count', as: '_spl2x_top_total' }], by: [], options: {} },
        { kind: 'eval', assignments: [{ field: 'percent', expr: percent }] },
        { kind: 'fields', mode: 'remove', fields: ['_spl2x_top_total'] },
        { kind: 'sort', keys: [{ field: 'count', descending: true, mode: 'num' }] },
        { kind: 'head', count: 10 },
      ],
    ],
    [
      'x=1 | rare limit=0 showperc=f a b',
      [
        { kind: 'stats', variant: 'stats', aggregations: [{ fn: 'count', as: 'count' }], by: ['a', 'b'], options: {} },
        { kind: 'sort', keys: [{ field: 'count', descending: false, mode: 'num' }] },
      ],
    ],
    [
      'x=1 | top 3 user by host countfield=n percentfield=p showcount=false',
      [
        { kind: 'stats', variant: 'stats', aggregations: [{ fn: 'count', as: 'n' }], by: ['host', 'user'], options: {} },
        { kind: 'stats', variant: 'eventstats', aggregations: [{ fn: 'sum', field: 'n', as: '_spl2x_top_total' }], by: ['host'], options: {} },
        { kind: 'eval', assignments: [{ field: 'p', expr: 'round(((n * 100) / _spl2x_top_total), 6)' }] },
        { kind: 'fields', mode: 'remove', fields: ['_spl2x_top_total'] },
        { kind: 'sort', keys: [{ field: 'host', descending: false }, { field: 'n', descending: true, mode: 'num' }] },
        { kind: 'dedup', fields: ['host'], count: 3, options: {}, sortBy: [] },
        { kind: 'fields', mode: 'remove', fields: ['n'] },
      ],
    ],
  ])('%s', (spl, stages) => {
    const rule = lowerSpl(spl);
    expect(rule.query.stages.map(shape)).toEqual(stages);
    // One SPL stage, one stageMap entry, every IR stage pointing at it.
    expect(rule.stageMap.map((s) => `${s.command}:${s.loweredTo}`)).toEqual(['search:filter', `${spl.includes('rare') ? 'rare' : 'top'}:stage`]);
    expect(new Set(rule.query.stages.map((s) => s.origin.stage))).toEqual(new Set([1]));
  });

  it('keeps top useother=true opaque (its "other" row is not modelled)', () => {
    const rule = lowerSpl('x=1 | top useother=t user');
    expect(rule.query.stages.map((s) => s.kind)).toEqual(['opaque']);
    expect(rule.stageMap[1]!.loweredTo).toBe('opaque');
  });
});

describe('later filters move past the new stages only when they can', () => {
  it.each([
    ['x=1 | iplocation src | search user=a', 'and(x="1", user="a")', ['iplocation']],
    ['x=1 | iplocation src | search Country=US', 'x="1"', ['iplocation', 'filter']],
    ['x=1 | iplocation prefix=s_ src | search Country=US', 'and(x="1", Country="US")', ['iplocation']],
    ['x=1 | makemv a | search b=1', 'and(x="1", b="1")', ['makemv']],
    ['x=1 | makemv a | search a=1', 'x="1"', ['makemv', 'filter']],
    ['x=1 | replace 1 WITH 2 IN a | search b=1', 'and(x="1", b="1")', ['replace']],
    ['x=1 | replace 1 WITH 2 IN a | search a=1', 'x="1"', ['replace', 'filter']],
    ['x=1 | replace 1 WITH 2 | search b=1', 'x="1"', ['replace', 'filter']],
    ['x=1 | fromjson j | search b=1', 'x="1"', ['fromjson', 'filter']],
    ['x=1 | appendpipe [stats count] | search b=1', 'x="1"', ['appendpipe', 'filter']],
    ['x=1 | transaction a | search b=1', 'x="1"', ['transaction', 'filter']],
  ])('%s', (spl, filter, kinds) => {
    const q = lowerSpl(spl).query;
    expect(printPredicate(q.filter)).toBe(filter);
    expect(q.stages.map((s) => s.kind)).toEqual(kinds);
  });
});

describe('what stays unlowered (coverage counts opaque stages anywhere in the IR)', () => {
  it.each([
    ['x=1 | foreach * [eval <<FIELD>>=1]', [{ command: 'foreach', undefinedMacro: false }]],
    ['x=1 | appendpipe [| map search="search y=$y$"]', [{ command: 'map', undefinedMacro: false }]],
    ['x=1 | join a [search y=1 | xmlkv m]', [{ command: 'xmlkv', undefinedMacro: false }]],
    ['x=1 [search y=1 | outlier z]', [{ command: 'outlier', undefinedMacro: false }]],
    ['x=1 | table a `my_sink`', [{ command: '`my_sink`', undefinedMacro: true }]],
    ['x=1 | table `my_fields` a, b', [{ command: '`my_fields`', undefinedMacro: true }]],
    ['x=1 | `my_grouping("host", 1)` extra', [{ command: '`my_grouping`', undefinedMacro: true }]],
    ['x=1 | iplocation src | top user | makemv a | replace 1 WITH 2 IN a | fromjson j | transaction a', []],
  ])('%s', (spl, expected) => {
    expect(unlowered(lowerSpl(spl))).toEqual(expected);
  });
});
