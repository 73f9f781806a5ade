import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import type { Command, Pipeline, SearchNode } from '../../src/spl/ast.js';
import { expandMacros, loadMacros } from '../../src/macros/index.js';
import { parseSpl } from '../../src/spl/parser.js';
import { CORPUS, hasShared, SHARED } from '../helpers/corpus.js';
import { strip, lastStage } from '../helpers/spl.js';

/**
 * Grammars of table, fields, rename, dedup, sort, rex, lookup, convert, fillnull, spath, mvexpand, join, append.
 * Rows parse a whole pipeline and compare its LAST stage (spans stripped) with the expected shape.
 */

const MINE = new Set([
  'table', 'fields', 'rename', 'dedup', 'sort', 'rex', 'lookup', 'convert', 'fillnull', 'spath', 'mvexpand', 'join', 'append',
]);

const f = (...names: string[]) => names.map((name) => ({ name }));
const opt = (key: string, value: string, quoted = false) => ({ key, value: { value, quoted } });
const key = (name: string, descending = false, mode?: string) => ({ field: { name }, descending, ...(mode ? { mode } : {}) });
const base = (command: string, name = command) => ({ command, name });

const rows: [string, Record<string, unknown>][] = [
  // table
  ['index=x | table a, b c', { ...base('table'), fields: f('a', 'b', 'c') }],
  ['index=x | table _time, host,user "odd name" Processes.*', { ...base('table'), fields: f('_time', 'host', 'user', 'odd name', 'Processes.*') }],
  ['index=x | TABLE a', { ...base('table', 'TABLE'), fields: f('a') }],
  // an unaliased aggregation's output is a field name with parentheses
  ['index=x | table dc(user), values(x)_y count', { ...base('table'), fields: f('dc(user)', 'values(x)_y', 'count') }],
  [
    'index=x | fields - unusual_cmdline* predicted(unusual_cmdline_logits) orig_process',
    { ...base('fields'), mode: 'remove', fields: f('unusual_cmdline*', 'predicted(unusual_cmdline_logits)', 'orig_process') },
  ],
  // fields
  ['index=x | fields a, b', { ...base('fields'), mode: 'keep', fields: f('a', 'b') }],
  ['index=x | fields + a b', { ...base('fields'), mode: 'keep', fields: f('a', 'b') }],
  ['index=x | fields - x', { ...base('fields'), mode: 'remove', fields: f('x') }],
  ['index=x | fields - RTLO*, y', { ...base('fields'), mode: 'remove', fields: f('RTLO*', 'y') }],
  ['index=x | fields -x y', { ...base('fields'), mode: 'remove', fields: f('x', 'y') }],
  ['index=x | fields _time, host,', { ...base('fields'), mode: 'keep', fields: f('_time', 'host') }],
  // rename
  [
    'index=x | rename a AS b, "c d" as e, Processes.* AS *',
    {
      ...base('rename'),
      pairs: [
        { from: { name: 'a' }, to: { name: 'b' } },
        { from: { name: 'c d' }, to: { name: 'e' } },
        { from: { name: 'Processes.*' }, to: { name: '*' } },
      ],
    },
  ],
  [
    'index=x | rename a as b c As "d e"',
    { ...base('rename'), pairs: [{ from: { name: 'a' }, to: { name: 'b' } }, { from: { name: 'c' }, to: { name: 'd e' } }] },
  ],
  // what the ESCU macro `drop_dm_object_name("Web")` expands to: pieces glued without spaces are one name
  ['index=x | rename "Web".* AS *', { ...base('rename'), pairs: [{ from: { name: 'Web.*' }, to: { name: '*' } }] }],
  [
    'index=x | rename values(x) AS x, count(eval(a > 1)) as n',
    { ...base('rename'), pairs: [{ from: { name: 'values(x)' }, to: { name: 'x' } }, { from: { name: 'count(eval(a > 1))' }, to: { name: 'n' } }] },
  ],
  // dedup
  ['index=x | dedup host', { ...base('dedup'), count: 1, options: [], fields: f('host'), sortBy: [] }],
  ['index=x | dedup 3 host, user', { ...base('dedup'), count: 3, options: [], fields: f('host', 'user'), sortBy: [] }],
  [
    'index=x | dedup keepempty=true host consecutive=t user sortby -_time, +num(size) str(x)',
    {
      ...base('dedup'),
      count: 1,
      options: [opt('keepempty', 'true'), opt('consecutive', 't')],
      fields: f('host', 'user'),
      sortBy: [key('_time', true), key('size', false, 'num'), key('x', false, 'str')],
    },
  ],
  // sort
  ['index=x | sort - count', { ...base('sort'), keys: [key('count', true)] }],
  ['index=x | sort -count', { ...base('sort'), keys: [key('count', true)] }],
  ['index=x | sort - _time,src, query', { ...base('sort'), keys: [key('_time', true), key('src'), key('query')] }],
  ['index=x | sort 100 -size, +source', { ...base('sort'), limit: 100, keys: [key('size', true), key('source')] }],
  ['index=x | sort 0 x', { ...base('sort'), limit: 0, keys: [key('x')] }],
  ['index=x | sort limit=5 ip(a), -str(b) num(c)', { ...base('sort'), limit: 5, keys: [key('a', false, 'ip'), key('b', true, 'str'), key('c', false, 'num')] }],
  ['index=x | sort a, -b desc', { ...base('sort'), keys: [key('a', true), key('b', false)] }],
  ['index=x | sort a d', { ...base('sort'), keys: [key('a', true)] }],
  ['index=x | sort d', { ...base('sort'), keys: [key('d')] }],
  // rex
  [
    'index=x | rex field=cmd "(?<user>\\\\w+)\\\\(?<not_a_group>x)[(?<nor_this>)](?P<host>[^\\"]+)(?<=lookbehind)"',
    {
      ...base('rex'),
      field: { name: 'cmd' },
      mode: 'extract',
      pattern: '(?<user>\\w+)\\(?<not_a_group>x)[(?<nor_this>)](?P<host>[^"]+)(?<=lookbehind)',
      options: [opt('field', 'cmd')],
      groups: ['user', 'host'],
    },
  ],
  [
    'index=x | rex "^(?<a>\\d+) (?<b>.*)" max_match=0',
    { ...base('rex'), field: { name: '_raw' }, mode: 'extract', pattern: '^(?<a>\\d+) (?<b>.*)', options: [opt('max_match', '0')], groups: ['a', 'b'] },
  ],
  [
    'index=x | rex field=msg mode=sed "s/(\\d{4})-/XXXX-/g"',
    { ...base('rex'), field: { name: 'msg' }, mode: 'sed', pattern: 's/(\\d{4})-/XXXX-/g', options: [opt('field', 'msg'), opt('mode', 'sed')], groups: [] },
  ],
  // rex: quoted and unquoted pieces glued without spaces form one argument (real armory rules)
  [
    'index=x | rex field=uri_path (?<command_type>"(?i)(start|create)")',
    {
      ...base('rex'),
      field: { name: 'uri_path' },
      mode: 'extract',
      pattern: '(?<command_type>(?i)(start|create))',
      options: [opt('field', 'uri_path')],
      groups: ['command_type'],
    },
  ],
  [
    'index=x | rex field=_raw "-l "(?<user>"[^\\s\\=]+")"\\s"',
    { ...base('rex'), field: { name: '_raw' }, mode: 'extract', pattern: '-l (?<user>[^\\s\\=]+)\\s', options: [opt('field', '_raw')], groups: ['user'] },
  ],
  [
    'index=x | rex field=f mode=sed s/\\.\\w{3}$//g',
    { ...base('rex'), field: { name: 'f' }, mode: 'sed', pattern: 's/\\.\\w{3}$//g', options: [opt('field', 'f'), opt('mode', 'sed')], groups: [] },
  ],
  // lookup
  [
    'index=x | lookup update=true ut_shannon_lookup word as domain OUTPUT ut_shannon',
    {
      ...base('lookup'),
      options: [opt('update', 'true')],
      table: { value: 'ut_shannon_lookup', quoted: false },
      inputs: [{ field: { name: 'word' }, as: { name: 'domain' } }],
      outputMode: 'OUTPUT',
      outputs: [{ field: { name: 'ut_shannon' } }],
    },
  ],
  [
    'index=x | lookup local=true ppe_lookup field AS process OUTPUTNEW x, y AS z',
    {
      ...base('lookup'),
      options: [opt('local', 'true')],
      table: { value: 'ppe_lookup', quoted: false },
      inputs: [{ field: { name: 'field' }, as: { name: 'process' } }],
      outputMode: 'OUTPUTNEW',
      outputs: [{ field: { name: 'x' } }, { field: { name: 'y' }, as: { name: 'z' } }],
    },
  ],
  [
    'index=x | lookup dnslookup clientip as src_ip, host',
    {
      ...base('lookup'),
      options: [],
      table: { value: 'dnslookup', quoted: false },
      inputs: [{ field: { name: 'clientip' }, as: { name: 'src_ip' } }, { field: { name: 'host' } }],
      outputs: [],
    },
  ],
  // convert
  [
    'index=x | convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(firstTime) ctime(lastTime)',
    {
      ...base('convert'),
      options: [opt('timeformat', '%Y-%m-%dT%H:%M:%S', true)],
      conversions: [
        { fn: 'ctime', field: { name: 'firstTime' } },
        { fn: 'ctime', field: { name: 'lastTime' } },
      ],
    },
  ],
  [
    'index=x | convert dur2sec(d) AS secs, CTIME(*time), num(x) as y',
    {
      ...base('convert'),
      options: [],
      conversions: [
        { fn: 'dur2sec', field: { name: 'd' }, as: { name: 'secs' } },
        { fn: 'ctime', field: { name: '*time' } },
        { fn: 'num', field: { name: 'x' }, as: { name: 'y' } },
      ],
    },
  ],
  // fillnull
  ['index=x | fillnull', { ...base('fillnull'), value: '0', fields: [] }],
  ['index=x | fillnull value=NULL a, b', { ...base('fillnull'), value: 'NULL', fields: f('a', 'b') }],
  ['index=x | fillnull value="n/a" a', { ...base('fillnull'), value: 'n/a', fields: f('a') }],
  // spath
  ['index=x | spath', { ...base('spath'), options: [] }],
  ['index=x | spath input=properties.log', { ...base('spath'), options: [opt('input', 'properties.log')], input: 'properties.log' }],
  ['index=x | spath output=user userIdentity.arn', { ...base('spath'), options: [opt('output', 'user')], output: 'user', path: 'userIdentity.arn' }],
  [
    'index=x | spath input=Data path=Actions{}.Values{}.Value output=v',
    {
      ...base('spath'),
      options: [opt('input', 'Data'), opt('path', 'Actions{}.Values{}.Value'), opt('output', 'v')],
      input: 'Data',
      output: 'v',
      path: 'Actions{}.Values{}.Value',
    },
  ],
  ['index=x | spath "query_type{}"', { ...base('spath'), options: [], path: 'query_type{}' }],
  // mvexpand
  ['index=x | mvexpand new_ace', { ...base('mvexpand'), field: { name: 'new_ace' } }],
  ['index=x | mvexpand x limit=10', { ...base('mvexpand'), field: { name: 'x' }, limit: 10 }],
  // join
  [
    'index=x | join type=left process_guid, _time [ search index=y | table process_guid, _time, z ]',
    {
      ...base('join'),
      options: [opt('type', 'left')],
      fields: f('process_guid', '_time'),
      subsearch: {
        stages: [
          expect.objectContaining({ command: 'search', explicit: true }),
          { ...base('table'), fields: f('process_guid', '_time', 'z') },
        ],
      },
    },
  ],
  [
    'index=x | join user [| inputlookup u.csv | rename a AS user]',
    {
      ...base('join'),
      options: [],
      fields: f('user'),
      subsearch: {
        stages: [expect.objectContaining({ name: 'inputlookup' }), { ...base('rename'), pairs: [{ from: { name: 'a' }, to: { name: 'user' } }] }],
      },
    },
  ],
  // append
  [
    'index=x | append maxout=100 [ search index=y [ search index=z | fields a ] | table a ]',
    {
      ...base('append'),
      options: [opt('maxout', '100')],
      subsearch: { stages: [expect.objectContaining({ command: 'search' }), { ...base('table'), fields: f('a') }] },
    },
  ],
];

describe('misc command grammars', () => {
  it.each(rows)('%s', (spl, expected) => {
    const { stage, diagnostics } = lastStage(spl);
    // Other stages may be commands nobody models yet (SPL020).
    expect(diagnostics.filter((d) => d.severity !== 'info' && d.code !== 'SPL020')).toEqual([]);
    expect(strip(stage)).toStrictEqual(expected);
  });

  it('parses several of these commands in one pipeline', () => {
    const { pipeline, diagnostics } = parseSpl(
      'index=x | rename Processes.* AS * | dedup dest | sort - count | fields - junk | table dest, count',
    );
    expect(diagnostics).toEqual([]);
    expect(pipeline.stages.map((s) => s.command)).toEqual(['search', 'rename', 'dedup', 'sort', 'fields', 'table']);
  });
});

/** [SPL, code, text the span must cover, command name of the opaque stage] */
const errorRows: [string, string, string, string][] = [
  ['index=x | rename a AS', 'SPL012', 'AS', 'rename'],
  ['index=x | rename a', 'SPL012', 'a', 'rename'],
  ['index=x | rename a AS b, c', 'SPL012', 'c', 'rename'],
  ['index=x | rename a b', 'SPL001', 'b', 'rename'],
  ['index=x | rename', 'SPL012', 'rename', 'rename'],
  ['index=x | table', 'SPL012', 'table', 'table'],
  ['index=x | table a (b)', 'SPL001', '(', 'table'],
  ['index=x | fields -', 'SPL012', 'fields -', 'fields'],
  ['index=x | dedup', 'SPL012', 'dedup', 'dedup'],
  ['index=x | dedup 0 host', 'SPL009', '0', 'dedup'],
  ['index=x | dedup host sortby', 'SPL012', 'sortby', 'dedup'],
  ['index=x | dedup host keepevents=maybe', 'SPL009', 'maybe', 'dedup'],
  ['index=x | sort', 'SPL012', 'sort', 'sort'],
  ['index=x | sort -', 'SPL012', '-', 'sort'],
  ['index=x | sort num(a', 'SPL003', '(', 'sort'],
  ['index=x | sort limit=ten a', 'SPL009', 'ten', 'sort'],
  ['index=x | rex field=x', 'SPL012', 'rex field=x', 'rex'],
  ['index=x | rex "(?<a>.)" "(?<b>.)"', 'SPL001', '"(?<b>.)"', 'rex'],
  ['index=x | rex "a" max_match=1 b', 'SPL001', 'b', 'rex'],
  ['index=x | rex field=x mode=sed', 'SPL012', 'rex field=x mode=sed', 'rex'],
  ['index=x | table a, b(c', 'SPL003', '(', 'table'],
  ['index=x | rex max_match=all "(?<a>.)"', 'SPL009', 'all', 'rex'],
  ['index=x | rex mode=sed "nonsense"', 'SPL011', '"nonsense"', 'rex'],
  ['index=x | rex "(?<a>.)', 'SPL002', '"(?<a>.)', 'rex'],
  ['index=x | lookup', 'SPL012', 'lookup', 'lookup'],
  ['index=x | lookup t', 'SPL012', 't', 'lookup'],
  ['index=x | lookup t OUTPUT y', 'SPL012', 't', 'lookup'],
  ['index=x | lookup t a OUTPUT', 'SPL012', 'OUTPUT', 'lookup'],
  ['index=x | lookup t a as', 'SPL012', 'as', 'lookup'],
  ['index=x | lookup t a as OUTPUT b', 'SPL012', 'as', 'lookup'],
  ['index=x | convert', 'SPL012', 'convert', 'convert'],
  ['index=x | convert foo(x)', 'SPL001', 'foo', 'convert'],
  ['index=x | convert ctime x', 'SPL001', 'x', 'convert'],
  ['index=x | convert ctime()', 'SPL012', '()', 'convert'],
  ['index=x | convert ctime(x', 'SPL003', '(', 'convert'],
  ['index=x | convert ctime(x) AS', 'SPL012', 'AS', 'convert'],
  ['index=x | fillnull value=0 (a)', 'SPL001', '(', 'fillnull'],
  ['index=x | spath path=a b', 'SPL001', 'b', 'spath'],
  ['index=x | spath a b', 'SPL001', 'b', 'spath'],
  ['index=x | mvexpand', 'SPL012', 'mvexpand', 'mvexpand'],
  ['index=x | mvexpand a b', 'SPL001', 'b', 'mvexpand'],
  ['index=x | mvexpand a limit=x', 'SPL009', 'x', 'mvexpand'],
  ['index=x | join a', 'SPL012', 'join a', 'join'],
  ['index=x | join a [search b', 'SPL004', '[', 'join'],
  ['index=x | join type=sideways a [search b]', 'SPL001', 'sideways', 'join'],
  ['index=x | join a [search b] c', 'SPL001', 'c', 'join'],
  ['index=x | append', 'SPL012', 'append', 'append'],
  ['index=x | append a', 'SPL001', 'a', 'append'],
];

describe('misc command errors', () => {
  it.each(errorRows)('%s → %s', (spl, code, spanText, name) => {
    const { stage, diagnostics } = lastStage(spl);
    expect(stage.command).toBe('opaque');
    expect(stage.name).toBe(name);
    const errors = diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code)).toEqual([code]);
    const span = errors[0]!.span!;
    expect(spl.slice(span.start, span.end)).toBe(spanText);
    expect(errors[0]!.message.startsWith(`${name}: `)).toBe(true);
  });

  it('does not repeat the diagnostics of a subsearch when the join around it fails', () => {
    const { diagnostics } = lastStage('index=x | join a [search index=y | rename b] extra');
    expect(diagnostics.map((d) => d.code).sort()).toEqual(['SPL001', 'SPL012']);
  });

  it('keeps the subsearch of a broken join visible in the opaque stage', () => {
    const { stage, diagnostics } = lastStage('index=x | join type=sideways a [search index=y | table a]');
    expect(stage.command).toBe('opaque');
    expect(diagnostics.map((d) => d.code)).toEqual(['SPL001']);
    if (stage.command !== 'opaque') return;
    expect(stage.subsearches).toHaveLength(1);
    expect(stage.subsearches[0]!.stages.map((s) => s.command)).toEqual(['search', 'table']);
  });
});

/** [SPL, text the SPL023 warning span covers]: unknown options are kept, with a warning. */
const warnRows: [string, string][] = [
  ['index=x | dedup host foo=bar', 'foo=bar'],
  ['index=x | rex field=a weird=1 "(?<x>.)"', 'weird=1'],
  ['index=x | rex mode=other "(?<x>.)"', 'other'],
  ['index=x | lookup max_matches=1 t a', 'max_matches=1'],
  ['index=x | convert junk=1 ctime(a)', 'junk=1'],
  ['index=x | fillnull zero=1 a', 'zero=1'],
  ['index=x | spath input=a depth=2', 'depth=2'],
  ['index=x | mvexpand a foo=2', 'foo=2'],
  ['index=x | join left=L a [search b]', 'left=L'],
  ['index=x | append subsearch=1 [search b]', 'subsearch=1'],
  ['index=x | sort foo=1 a', 'foo=1'],
];

describe('misc command warnings', () => {
  it.each(warnRows)('%s', (spl, spanText) => {
    const { stage, diagnostics } = lastStage(spl);
    expect(stage.command).not.toBe('opaque');
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const warns = diagnostics.filter((d) => d.code === 'SPL023');
    expect(warns).toHaveLength(1);
    expect(spl.slice(warns[0]!.span!.start, warns[0]!.span!.end)).toBe(spanText);
    if ('options' in stage) expect(stage.options.length).toBeGreaterThan(0);
  });
});

/** [SPL, the macro text the SPL021 warning points at]: an undefined macro in the arguments keeps the stage verbatim. */
const macroRows: [string, string][] = [
  ['index=x | table `add_fields_eoi` session_id, user', '`add_fields_eoi`'],
  ['index=x | lookup `my_lookup` a OUTPUT b', '`my_lookup`'],
  ['index=x | rex field=a `re`', '`re`'],
  ['index=x | join a [search index=y] `m`', '`m`'],
];

describe('an undefined macro after a field list is a stage of its own (its definition starts with a pipe)', () => {
  it.each([
    ['index=x | table a, b `group_events("user", 1)`', ['search', 'table', 'macro'], ['a', 'b']],
    ['index=x | fields a, b`more` `hec_collect`', ['search', 'fields', 'macro', 'macro'], ['a', 'b']],
  ])('%s', (spl, commands, fields) => {
    const { pipeline, diagnostics } = parseSpl(spl);
    expect(pipeline.stages.map((s) => s.command)).toEqual(commands);
    const list = pipeline.stages[1]!;
    if (list.command !== 'table' && list.command !== 'fields') throw new Error(list.command);
    expect(list.fields.map((f) => f.name)).toEqual(fields);
    expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });
});

describe('misc commands with undefined macros in their arguments', () => {
  it.each(macroRows)('%s', (spl, macroText) => {
    const { stage, diagnostics } = lastStage(spl);
    expect(stage.command).toBe('opaque');
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const w = diagnostics.filter((d) => d.code === 'SPL021');
    expect(w).toHaveLength(1);
    expect(spl.slice(w[0]!.span!.start, w[0]!.span!.end)).toBe(macroText);
  });

  it('still reports a real error next to a macro', () => {
    const { stage, diagnostics } = lastStage('index=x | rex max_match=all "(?<a>.)" `m`');
    expect(stage.command).toBe('opaque');
    expect(diagnostics.map((d) => d.code)).toEqual(['SPL009']);
  });
});

describe('misc command spans', () => {
  const text = 'index=x | rename "a b" AS c | sort - count, -num(size) | rex field=msg "(?<u>\\\\w+)" | lookup t f AS g OUTPUT h';
  const { pipeline, diagnostics } = parseSpl(text);
  const slice = (s: { start: number; end: number }) => text.slice(s.start, s.end);

  it('parses without diagnostics', () => expect(diagnostics).toEqual([]));

  it('points field spans at the field text', () => {
    const [, rename, sort, rex, lookup] = pipeline.stages;
    if (rename?.command !== 'rename' || sort?.command !== 'sort' || rex?.command !== 'rex' || lookup?.command !== 'lookup')
      throw new Error('unexpected stages');
    expect(slice(rename.pairs[0]!.from.span)).toBe('"a b"');
    expect(slice(rename.pairs[0]!.to.span)).toBe('c');
    expect(slice(rename.pairs[0]!.span)).toBe('"a b" AS c');
    expect(slice(rename.span)).toBe('rename "a b" AS c');
    expect(slice(sort.keys[0]!.field.span)).toBe('count');
    expect(slice(sort.keys[0]!.span)).toBe('- count');
    expect(slice(sort.keys[1]!.field.span)).toBe('size');
    expect(slice(sort.keys[1]!.span)).toBe('-num(size)');
    expect(slice(rex.field.span)).toBe('msg');
    expect(slice(rex.patternSpan)).toBe('"(?<u>\\\\w+)"');
    expect(rex.pattern).toBe('(?<u>\\w+)');
    expect(slice(lookup.table.span)).toBe('t');
    expect(slice(lookup.inputs[0]!.as!.span)).toBe('g');
    expect(slice(lookup.outputs[0]!.field.span)).toBe('h');
  });

  it('points a glued sign field span past the sign', () => {
    const t = 'index=x | fields -junk';
    const stage = parseSpl(t).pipeline.stages[1];
    if (stage?.command !== 'fields') throw new Error('expected fields');
    expect(t.slice(stage.fields[0]!.span.start, stage.fields[0]!.span.end)).toBe('junk');
  });
});

// ───────────────────────────── corpus ─────────────────────────────



function ymlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...ymlFiles(p));
    else if (name.endsWith('.yml') || name.endsWith('.yaml')) out.push(p);
  }
  return out;
}

/** Stages of our commands anywhere in the pipeline, subsearches included: [parsed, opaque]. */
function countStages(p: Pipeline, acc = { parsed: 0, opaque: 0 }): { parsed: number; opaque: number } {
  const node = (n: SearchNode): void => {
    if (n.kind === 'and' || n.kind === 'or') n.items.forEach(node);
    else if (n.kind === 'not') node(n.item);
    else if (n.kind === 'subsearch') countStages(n.pipeline, acc);
  };
  for (const s of p.stages) {
    if (s.command === 'opaque') {
      if (MINE.has(s.name.toLowerCase())) acc.opaque++;
      s.subsearches.forEach((x) => countStages(x, acc));
    } else {
      if (MINE.has(s.command)) acc.parsed++;
      if (s.command === 'join' || s.command === 'append') countStages(s.subsearch, acc);
      else if (s.command === 'search' && s.expr) node(s.expr);
    }
  }
  return acc;
}

/** The command a diagnostic of ours is about (messages start with `<command>: `). */
function ours(d: Diagnostic): string | undefined {
  const name = /^(\w+): /.exec(d.message)?.[1];
  return name && MINE.has(name.toLowerCase()) ? name.toLowerCase() : undefined;
}

describe.runIf(hasShared(CORPUS))('corpus: misc commands', () => {
  it('parses every escu search and armory logic without breaking these commands', () => {
    const sources: { file: string; spl: string }[] = [];
    for (const file of ymlFiles(join(CORPUS, 'escu/detections'))) {
      const doc = yaml.load(readFileSync(file, 'utf8')) as { search?: unknown } | undefined;
      if (typeof doc?.search === 'string') sources.push({ file, spl: doc.search });
    }
    for (const file of ymlFiles(join(CORPUS, 'armory/detections'))) {
      const doc = yaml.load(readFileSync(file, 'utf8')) as { logic?: unknown } | undefined;
      if (typeof doc?.logic === 'string') sources.push({ file, spl: doc.logic });
    }
    expect(sources.length).toBeGreaterThan(1000);

    const perFile: Record<string, number> = {};
    const messages = new Map<string, number>();
    const macros = new Map<string, number>();
    let errors = 0;
    let undefinedMacro = 0;
    const totals = { parsed: 0, opaque: 0 };
    for (const { file, spl } of sources) {
      const { pipeline, diagnostics } = parseSpl(spl);
      countStages(pipeline, totals);
      for (const d of diagnostics) {
        const name = ours(d);
        if (!name) continue;
        if (d.severity === 'error') {
          errors++;
          const short = file.slice(CORPUS.length + 1);
          perFile[short] = (perFile[short] ?? 0) + 1;
          const m = d.message.replace(/'[^']*'/g, "'…'");
          messages.set(m, (messages.get(m) ?? 0) + 1);
        } else if (d.code === 'SPL021') {
          undefinedMacro++;
          const m = /`([^`(]*)/.exec(d.message)?.[1] ?? '?';
          macros.set(`${name} \`${m}\``, (macros.get(`${name} \`${m}\``) ?? 0) + 1);
        }
      }
    }
    const top = (m: Map<string, number>) =>
      [...m.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 10)
        .map(([k, n]) => `  ${n}× ${k}`)
        .join('\n');
    console.log(
      `misc commands over ${sources.length} rules: ${totals.parsed} stages parsed, ${totals.opaque} opaque; ` +
        `${errors} opaque because of an error, ${undefinedMacro} because of an undefined macro in the arguments\n` +
        (errors ? `errors:\n${top(messages)}\n  files: ${JSON.stringify(perFile, null, 1)}\n` : '') +
        (undefinedMacro ? `undefined macros:\n${top(macros)}` : ''),
    );
    expect(totals.opaque).toBe(errors + undefinedMacro);
    // Undefined macros (armory's `group_events`, `hec_collect`, `add_fields_eoi`) keep a stage verbatim with a
    // warning; no stage of these commands may fail to parse.
    expect(perFile).toEqual({});
  });
});

describe.runIf(hasShared(join(CORPUS, 'escu/macros')))('corpus: misc commands after ESCU macro expansion', () => {
  it('parses every escu search with its macros expanded without breaking these commands', async () => {
    const table = await loadMacros(join(CORPUS, 'escu/macros'));
    if (!table.ok) throw new Error(table.diagnostics.map((d) => d.message).join('; '));
    const failures: string[] = [];
    const totals = { parsed: 0, opaque: 0 };
    for (const file of ymlFiles(join(CORPUS, 'escu/detections'))) {
      const doc = yaml.load(readFileSync(file, 'utf8')) as { search?: unknown } | undefined;
      if (typeof doc?.search !== 'string') continue;
      const { expansion } = expandMacros(doc.search, table.value);
      const { pipeline, diagnostics } = parseSpl(expansion.text, (o, side) => expansion.toOriginal(o, side));
      countStages(pipeline, totals);
      for (const d of diagnostics)
        if (ours(d) && d.severity === 'error') failures.push(`${file.slice(CORPUS.length + 1)}: ${d.message}`);
    }
    console.log(`misc commands in expanded escu: ${totals.parsed} stages parsed, ${totals.opaque} opaque, ${failures.length} errors`);
    expect(failures).toEqual([]);
  });
});
