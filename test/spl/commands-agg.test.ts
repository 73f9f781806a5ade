import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { Command, Pipeline, SearchNode } from '../../src/spl/ast.js';
import { parseSpl } from '../../src/spl/parser.js';
import { splitMacro } from '../../src/spl/search-expr.js';
import { CORPUS, hasShared, SHARED } from '../helpers/corpus.js';
import { strip, lastStage } from '../helpers/spl.js';

// ───────────── helpers ─────────────

const fr = (name: string) => ({ name });
const arg = (value: string, quoted = false) => ({ value, quoted });
const opt = (key: string, value: string, quoted = false) => ({ key, value: arg(value, quoted) });
const agg = (fn: string, field?: string, as?: string) => ({ fn, ...(field ? { field: fr(field) } : {}), ...(as ? { as: fr(as) } : {}) });
const cmp = (field: string, op: string, text: string, quoted = false) => ({ kind: 'compare', field: fr(field), op, value: { text, quoted } });

function statsRow(variant: string, options: unknown[], aggregations: unknown[], by: string[]) {
  return { command: 'stats', name: variant, variant, options, aggregations, by: by.map(fr) };
}

/** Rows: SPL → expected last stage (spans stripped) and the diagnostic codes expected (default none). */
type Row = [string, unknown, string[]?];

function runRows(rows: Row[]): void {
  it.each(rows)('%s', (spl, expected, codes = []) => {
    const { cmd, diagnostics } = lastStage(spl);
    expect(strip(cmd)).toEqual(expected);
    expect(diagnostics.map((d) => d.code)).toEqual(codes);
  });
}

// ───────────── stats / eventstats / streamstats ─────────────

describe('stats', () => {
  runRows([
    ['index=x | stats values(*) as * by _time, host', statsRow('stats', [], [agg('values', '*', '*')], ['_time', 'host'])],
    ['index=x | stats count', statsRow('stats', [], [agg('count')], [])],
    [
      'index=x | stats count, dc(user) AS users c(x) BY host user',
      statsRow('stats', [], [agg('count'), agg('dc', 'user', 'users'), agg('c', 'x')], ['host', 'user']),
    ],
    ['index=x | stats distinct_count(user) as n', statsRow('stats', [], [agg('dc', 'user', 'n')], [])],
    ['index=x | STATS Count As n', { ...statsRow('stats', [], [agg('count', undefined, 'n')], []), name: 'STATS' }],
    [
      'index=x | stats values(Processes.*) as * min(_time) as firstTime BY Processes.dest',
      statsRow('stats', [], [agg('values', 'Processes.*', '*'), agg('min', '_time', 'firstTime')], ['Processes.dest']),
    ],
    [
      'index=x | stats latest(_time) as "Last Seen" by "Search Name", user',
      statsRow('stats', [], [agg('latest', '_time', 'Last Seen')], ['Search Name', 'user']),
    ],
    [
      'index=x | stats perc95(b) p95(b) upperperc95(b) exactperc95(b) mean(b) avg(b) estdc(b) earliest_time(b) range(_time) var(b) sumsq(b) mode(b) median(b) first(b) last(b) list(b)',
      statsRow(
        'stats',
        [],
        ['perc95', 'p95', 'upperperc95', 'exactperc95', 'mean', 'avg', 'estdc', 'earliest_time'].map((fn) => agg(fn, 'b'))
          .concat([agg('range', '_time')])
          .concat(['var', 'sumsq', 'mode', 'median', 'first', 'last', 'list'].map((fn) => agg(fn, 'b'))),
        [],
      ),
    ],
    ['index=x | stats exactperc99.9(x) as p', statsRow('stats', [], [agg('exactperc99.9', 'x', 'p')], [])],
    ['index=x | stats sparkline, count', statsRow('stats', [], [agg('sparkline'), agg('count')], [])],
    ['index=x | stats values(aceFlags) as aceFlags(inheritance)', statsRow('stats', [], [agg('values', 'aceFlags', 'aceFlags(inheritance)')], [])],
    [
      'index=x | stats count(eval(x>1 AND y="a")) as n',
      statsRow(
        'stats',
        [],
        [
          {
            fn: 'count',
            evalArg: {
              kind: 'binary',
              op: 'AND',
              left: { kind: 'binary', op: '>', left: { kind: 'field', name: 'x' }, right: { kind: 'number', value: 1, raw: '1' } },
              right: { kind: 'binary', op: '=', left: { kind: 'field', name: 'y' }, right: { kind: 'string', value: 'a' } },
            },
            as: fr('n'),
          },
        ],
        [],
      ),
    ],
    ['index=x | stats allnum=t count', statsRow('stats', [opt('allnum', 't')], [agg('count')], [])],
    ['index=x | stats foo=bar count', statsRow('stats', [opt('foo', 'bar')], [agg('count')], []), ['SPL023']],
    ['index=x | stats count by host span=1h', statsRow('stats', [opt('span', '1h')], [agg('count')], ['host']), ['SPL023']],
    [
      'index=x | eventstats avg(x) as a, stdev(x) as s by host',
      statsRow('eventstats', [], [agg('avg', 'x', 'a'), agg('stdev', 'x', 's')], ['host']),
    ],
    [
      'index=x | streamstats window=5 current=f time_window=1h count as n by host reset_on_change=true',
      statsRow('streamstats', [opt('window', '5'), opt('current', 'f'), opt('time_window', '1h'), opt('reset_on_change', 'true')], [agg('count', undefined, 'n')], ['host']),
    ],
  ]);

  it('spans: aggregation from function to alias', () => {
    const spl = 'index=x | stats count(eval(a=1)) AS n values(Processes.*) as *';
    const { cmd } = lastStage(spl);
    if (cmd.command !== 'stats') throw new Error('not stats');
    expect(cmd.aggregations.map((a) => spl.slice(a.span.start, a.span.end))).toEqual(['count(eval(a=1)) AS n', 'values(Processes.*) as *']);
    const e = cmd.aggregations[0]!.evalArg!;
    expect(spl.slice(e.span.start, e.span.end)).toBe('a=1');
  });
});

// ───────────── tstats ─────────────

function tstatsRow(parts: Record<string, unknown>) {
  return { command: 'tstats', name: 'tstats', options: [], by: [], ...parts };
}

describe('tstats', () => {
  runRows([
    [
      '| tstats summariesonly=false allow_old_summaries=true fillnull_value=null count min(_time) as firstTime from datamodel=Endpoint.Processes where Processes.process_name=cmd.exe by Processes.dest Processes.user',
      tstatsRow({
        options: [opt('summariesonly', 'false'), opt('allow_old_summaries', 'true'), opt('fillnull_value', 'null')],
        aggregations: [agg('count'), agg('min', '_time', 'firstTime')],
        datamodel: arg('Endpoint.Processes'),
        where: cmp('Processes.process_name', '=', 'cmd.exe'),
        by: [fr('Processes.dest'), fr('Processes.user')],
      }),
    ],
    [
      '| tstats count from datamodel=Network_Resolution where nodename=DNS DNS.query="*.*" by DNS.src',
      tstatsRow({ aggregations: [agg('count')], datamodel: arg('Network_Resolution'), nodename: arg('DNS'), where: cmp('DNS.query', '=', '*.*', true), by: [fr('DNS.src')] }),
    ],
    [
      '| tstats count FROM datamodel=Change WHERE (nodename = All_Changes) All_Changes.result=x BY All_Changes.dest',
      tstatsRow({ aggregations: [agg('count')], datamodel: arg('Change'), nodename: arg('All_Changes'), where: cmp('All_Changes.result', '=', 'x'), by: [fr('All_Changes.dest')] }),
    ],
    [
      '| tstats count from datamodel=Authentication where nodename=Authentication.Failed_Authentication by Authentication.user',
      tstatsRow({ aggregations: [agg('count')], datamodel: arg('Authentication'), nodename: arg('Authentication.Failed_Authentication'), by: [fr('Authentication.user')] }),
    ],
    [
      '| tstats count from datamodel Endpoint.Processes by _time span=1h Processes.dest',
      tstatsRow({
        options: [opt('span', '1h')],
        aggregations: [agg('count')],
        datamodel: arg('Endpoint.Processes'),
        by: [fr('_time'), fr('Processes.dest')],
        timeSpan: { value: 1, unit: 'h', text: '1h' },
      }),
    ],
    [
      '| tstats count from datamodel=Endpoint.Filesystem where Filesystem.action=created by _time span=1h, Filesystem.dest',
      tstatsRow({
        options: [opt('span', '1h')],
        aggregations: [agg('count')],
        datamodel: arg('Endpoint.Filesystem'),
        where: cmp('Filesystem.action', '=', 'created'),
        by: [fr('_time'), fr('Filesystem.dest')],
        timeSpan: { value: 1, unit: 'h', text: '1h' },
      }),
    ],
    [
      '| tstats prestats=t local=true count where index=main sourcetype=x by host',
      tstatsRow({
        options: [opt('prestats', 't'), opt('local', 'true')],
        aggregations: [agg('count')],
        where: { kind: 'and', items: [cmp('index', '=', 'main'), cmp('sourcetype', '=', 'x')] },
        by: [fr('host')],
      }),
    ],
    [
      '| tstats `security_content_summariesonly` count values(Web.url) as urls from datamodel=Web where Web.http_method IN (POST, GET) by Web.src',
      tstatsRow({
        aggregations: [agg('count'), agg('values', 'Web.url', 'urls')],
        datamodel: arg('Web'),
        where: { kind: 'in', field: fr('Web.http_method'), values: [{ text: 'POST', quoted: false }, { text: 'GET', quoted: false }] },
        by: [fr('Web.src')],
        macros: [arg('security_content_summariesonly')],
      }),
      ['SPL021'],
    ],
    ['| tstats count from datamodel:Endpoint.Processes', tstatsRow({ aggregations: [agg('count')], datamodel: arg('Endpoint.Processes') })],
    ['| tstats count from mynamespace by host', tstatsRow({ options: [opt('from', 'mynamespace')], aggregations: [agg('count')], by: [fr('host')] }), ['SPL023']],
    [
      '| tstats count by host span=10m',
      tstatsRow({ options: [opt('span', '10m')], aggregations: [agg('count')], by: [fr('host')], timeSpan: { value: 10, unit: 'm', text: '10m' } }),
    ],
    [
      '| tstats chunk_size=1000 foo=1 count from datamodel=X',
      tstatsRow({ options: [opt('chunk_size', '1000'), opt('foo', '1')], aggregations: [agg('count')], datamodel: arg('X') }),
      ['SPL023'],
    ],
  ]);

  it('the WHERE clause is the search language (uppercase AND/OR/NOT, implicit AND)', () => {
    const { cmd } = lastStage('| tstats count from datamodel=Web where Web.url="*a*" OR Web.url="*b*" NOT Web.status=200 by Web.src');
    if (cmd.command !== 'tstats') throw new Error('not tstats');
    expect((strip(cmd.where) as SearchNode).kind).toBe('and');
    expect(strip(cmd.where)).toEqual({
      kind: 'and',
      items: [{ kind: 'or', items: [cmp('Web.url', '=', '*a*', true), cmp('Web.url', '=', '*b*', true)] }, { kind: 'not', item: cmp('Web.status', '=', '200') }],
    });
  });

  it('spans: datamodel, nodename and time span point at their text', () => {
    const spl = '| tstats count from datamodel=Network_Resolution where nodename=DNS by _time span=1h';
    const { cmd } = lastStage(spl);
    if (cmd.command !== 'tstats') throw new Error('not tstats');
    expect(spl.slice(cmd.datamodel!.span.start, cmd.datamodel!.span.end)).toBe('Network_Resolution');
    expect(spl.slice(cmd.nodename!.span.start, cmd.nodename!.span.end)).toBe('DNS');
    expect(spl.slice(cmd.timeSpan!.span.start, cmd.timeSpan!.span.end)).toBe('1h');
  });
});

// ───────────── bin / bucket ─────────────

function binRow(parts: Record<string, unknown>) {
  return { command: 'bin', name: 'bin', options: [], field: fr('_time'), fieldExplicit: false, ...parts };
}

describe('bin / bucket', () => {
  runRows([
    ['index=x | bin span=5s', binRow({ options: [opt('span', '5s')], timeSpan: { value: 5, unit: 's', text: '5s' } })],
    [
      'index=x | bucket _time span=1h',
      binRow({ name: 'bucket', options: [opt('span', '1h')], timeSpan: { value: 1, unit: 'h', text: '1h' }, fieldExplicit: true }),
    ],
    [
      'index=x | bucket span=5m _time AS t',
      binRow({ name: 'bucket', options: [opt('span', '5m')], timeSpan: { value: 5, unit: 'm', text: '5m' }, fieldExplicit: true, as: fr('t') }),
    ],
    ['index=x | bin span=10', binRow({ options: [opt('span', '10')], timeSpan: { value: 10, unit: 's', text: '10' } })],
    ['index=x | bin size span=10', binRow({ options: [opt('span', '10')], field: fr('size'), fieldExplicit: true })],
    ['index=x | bin size span=2.5log10', binRow({ options: [opt('span', '2.5log10')], field: fr('size'), fieldExplicit: true })],
    ['index=x | bin duration span=1h', binRow({ options: [opt('span', '1h')], field: fr('duration'), fieldExplicit: true, timeSpan: { value: 1, unit: 'h', text: '1h' } })],
    ['index=x | bin bytes bins=10 as b', binRow({ options: [opt('bins', '10')], field: fr('bytes'), fieldExplicit: true, as: fr('b') })],
    [
      'index=x | bin _time minspan=1m aligntime=@d start=0 end=10 span=1d',
      binRow({
        options: [opt('minspan', '1m'), opt('aligntime', '@d'), opt('start', '0'), opt('end', '10'), opt('span', '1d')],
        fieldExplicit: true,
        timeSpan: { value: 1, unit: 'd', text: '1d' },
      }),
    ],
    ['index=x | bin foo=1', binRow({ options: [opt('foo', '1')] }), ['SPL023']],
  ]);

  it('spans: the default field points at the command name', () => {
    const spl = 'index=x | bin span=5s';
    const { cmd } = lastStage(spl);
    if (cmd.command !== 'bin') throw new Error('not bin');
    expect(spl.slice(cmd.field.span.start, cmd.field.span.end)).toBe('bin');
    expect(spl.slice(cmd.timeSpan!.span.start, cmd.timeSpan!.span.end)).toBe('5s');
  });
});

// ───────────── head ─────────────

function headRow(parts: Record<string, unknown>) {
  return { command: 'head', name: 'head', options: [], ...parts };
}

describe('head', () => {
  runRows([
    ['index=x | head', headRow({})],
    ['index=x | head 5', headRow({ count: 5 })],
    ['index=x | head limit=20 keeplast=true', headRow({ count: 20, options: [opt('limit', '20'), opt('keeplast', 'true')] })],
    [
      'index=x | head (x > 1) null=true',
      headRow({
        expr: { kind: 'binary', op: '>', left: { kind: 'field', name: 'x' }, right: { kind: 'number', value: 1, raw: '1' } },
        options: [opt('null', 'true')],
      }),
    ],
    ['index=x | head count>10', headRow({ expr: { kind: 'binary', op: '>', left: { kind: 'field', name: 'count' }, right: { kind: 'number', value: 10, raw: '10' } } })],
  ]);
});

// ───────────── errors ─────────────

describe('errors keep the stage opaque with a coded diagnostic at the right place', () => {
  const ERRORS: [string, string, string][] = [
    ['index=x | stats', 'SPL012', 'stats'],
    ['index=x | stats by host', 'SPL012', 'stats by host'],
    ['index=x | stats values(x', 'SPL003', '('],
    ['index=x | stats count(eval(x>1) as n', 'SPL001', 'as'],
    ['index=x | stats count(eval(x>1)', 'SPL003', '('],
    ['index=x | stats count(eval(x>1 as n', 'SPL010', 'as'],
    ['index=x | stats dc', 'SPL012', 'dc'],
    ['index=x | stats values()', 'SPL012', 'values()'],
    ['index=x | stats count by', 'SPL008', 'by'],
    ['index=x | stats count as', 'SPL008', ''],
    ['| tstats from datamodel=X', 'SPL012', 'tstats from datamodel=X'],
    ['| tstats count by _time span=1x', 'SPL009', '1x'],
    ['| tstats count from datamodel=X where', 'SPL012', 'where'],
    ['| tstats count by PREFIX(x)', 'SPL008', 'PREFIX'],
    ['index=x | bin span=foo', 'SPL009', 'foo'],
    ['index=x | bin x y', 'SPL001', 'y'],
    ['index=x | bin as', 'SPL008', 'as'],
    ['index=x | head (', 'SPL003', '('],
    ['index=x | head (x>1) 5', 'SPL001', '5'],
    ['index=x | head 5 6', 'SPL001', '6'],
    ['index=x | head limit=x', 'SPL009', 'x'],
  ];
  it.each(ERRORS)('%s → %s', (spl, code, covered) => {
    const { cmd, diagnostics } = lastStage(spl);
    expect(cmd.command).toBe('opaque');
    const errors = diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code)).toEqual([code]);
    expect(spl.slice(errors[0]!.span!.start, errors[0]!.span!.end)).toBe(covered);
  });

  it('an undefined macro glued to the end of a stage is a stage of its own', () => {
    const r = parseSpl('index=x | stats values(*) as * by _time, host `hec_collect`');
    expect(r.pipeline.stages.map((st) => st.command)).toEqual(['search', 'stats', 'macro']);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('an undefined macro inside an aggregation keeps the stage verbatim with a warning, not an error', () => {
    const { cmd, diagnostics } = lastStage('index=x | stats values(`fields`) as x by host');
    expect(cmd.command).toBe('opaque');
    expect(diagnostics.map((d) => [d.code, d.severity])).toEqual([['SPL021', 'warning']]);
  });
});

// ───────────── corpus ─────────────


const COMMANDS = new Set(['tstats', 'stats', 'eventstats', 'streamstats', 'where', 'eval', 'bin', 'bucket', 'head']);

/**
 * Real rules whose stages of these commands are expected to fail because the SPL is invalid as written (Splunk
 * would reject it too).
 */
const KNOWN_FAILURES = [
  'certificate_enumeration-windows-splunk-edr.yml', // `!match(…))`: one `)` too many
  'visual_studio_code_tunnel_execution-splunk-powershell.yml', // a `(` never closed
  'create_add_local_domain_user-splunk-edr.yml', // `ANDmatch(…)`, `ORmatch(…)`: no space after the keyword
  'password_validation_check_via_dscl_from_uncommon_process-macos-splunk-edr.yml', // `process contains "dscl"`
];

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yamlFiles(p, out);
    else if (p.endsWith('.yml')) out.push(p);
  }
  return out;
}

function allStages(p: Pipeline, out: Command[] = []): Command[] {
  for (const s of p.stages) {
    out.push(s);
    if (s.command === 'opaque') for (const sub of s.subsearches) allStages(sub, out);
  }
  return out;
}

/**
 * A naive expansion of the ESCU macros (outside double quotes), enough to put macro bodies (e.g. long `eval`s)
 * through the grammars too. The real expander lives in `src/macros`.
 */
function naiveExpander(): (spl: string) => string {
  const defs = new Map<string, { args: string[]; body: string }>();
  for (const file of yamlFiles(join(CORPUS, 'escu/macros'))) {
    const d = yaml.load(readFileSync(file, 'utf8')) as { name?: string; definition?: unknown; arguments?: string[] } | undefined;
    if (d?.name) defs.set(`${d.name}/${(d.arguments ?? []).length}`, { args: d.arguments ?? [], body: String(d.definition ?? '') });
  }
  return (spl) => {
    for (let i = 0; i < 10; i++) {
      const next = spl.replace(/"(?:[^"\\]|\\.)*"|`([^`]+)`/g, (m, body: string | undefined) => {
        if (body === undefined) return m;
        const { name, args } = splitMacro(body);
        const def = defs.get(`${name}/${args.length}`);
        if (!def) return m;
        return def.args.reduce((t, a, j) => t.split(`$${a}$`).join(args[j] ?? ''), def.body);
      });
      if (next === spl) break;
      spl = next;
    }
    return spl;
  };
}

interface Failure {
  file: string;
  stage: string;
  message: string;
}

function corpusFailures(transform: (spl: string) => string): { total: number; failures: Failure[] } {
  let total = 0;
  const failures: Failure[] = [];
  for (const root of ['escu/detections', 'armory/detections']) {
    for (const file of yamlFiles(join(CORPUS, root))) {
      const doc = yaml.load(readFileSync(file, 'utf8')) as { search?: unknown; logic?: unknown } | undefined;
      const raw = doc?.search ?? doc?.logic;
      if (typeof raw !== 'string') continue;
      const spl = transform(raw);
      const r = parseSpl(spl);
      for (const st of allStages(r.pipeline)) {
        if (!COMMANDS.has(st.name.toLowerCase())) continue;
        total++;
        if (st.command !== 'opaque') continue;
        const err = r.diagnostics.find(
          (d) => d.severity === 'error' && d.message.startsWith(`${st.name}:`) && d.span && d.span.start >= st.span.start && d.span.end <= st.span.end,
        );
        if (err) failures.push({ file: file.slice(CORPUS.length + 1), stage: spl.slice(st.span.start, st.span.end), message: err.message });
      }
    }
  }
  return { total, failures };
}

function report(label: string, total: number, failures: Failure[]): void {
  const byMessage = new Map<string, number>();
  for (const f of failures) {
    const key = f.message.replace(/'[^']*'/g, "'…'");
    byMessage.set(key, (byMessage.get(key) ?? 0) + 1);
  }
  const top = [...byMessage].sort((a, b) => b[1] - a[1]).slice(0, 10);
  console.log(
    `${label}: ${failures.length} of ${total} tstats/stats/eventstats/streamstats/where/eval/bin/bucket/head stages failed\n` +
      top.map(([m, k]) => `  ${k} × ${m}`).join('\n'),
  );
}

describe.runIf(hasShared(CORPUS))('real rules (ESCU + armory corpus)', () => {
  const unexpected = (fs: Failure[]) => fs.filter((f) => !KNOWN_FAILURES.some((k) => f.file.endsWith(k)));

  it('parses every stage of these commands, macros left as written', () => {
    const { total, failures } = corpusFailures((s) => s);
    report('corpus (macros as written)', total, failures);
    expect(total).toBeGreaterThan(3000);
    expect(unexpected(failures)).toEqual([]);
  });

  it('parses every stage of these commands, ESCU macros expanded naively', () => {
    const { total, failures } = corpusFailures(naiveExpander());
    report('corpus (ESCU macros expanded)', total, failures);
    expect(unexpected(failures)).toEqual([]);
  });
});
