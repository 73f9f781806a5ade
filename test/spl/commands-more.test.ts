import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/spl/ast.js';
import { parseSpl } from '../../src/spl/parser.js';
import { lastStage, showSearch, strip } from '../helpers/spl.js';

/**
 * Grammars of iplocation, makemv, replace, fromjson, appendpipe, top/rare and transaction. Rows parse a whole
 * pipeline and compare its LAST stage (spans stripped) with the expected shape.
 */

const f = (...names: string[]) => names.map((name) => ({ name }));
const opt = (key: string, value: string, quoted = false) => ({ key, value: { value, quoted } });
const arg = (value: string, quoted = false) => ({ value, quoted });
const base = (command: string, name = command) => ({ command, name });

const rows: [string, Record<string, unknown>][] = [
  // iplocation
  ['index=x | iplocation src', { ...base('iplocation'), options: [], field: { name: 'src' }, prefix: '', allFields: false }],
  [
    'index=x | iplocation prefix="src_" allfields=true src_ip',
    { ...base('iplocation'), options: [opt('prefix', 'src_', true), opt('allfields', 'true')], field: { name: 'src_ip' }, prefix: 'src_', allFields: true },
  ],
  // options after the field (as catalog rules write it), lang kept
  [
    'index=x | iplocation src_ip prefix=geo lang=fr',
    { ...base('iplocation'), options: [opt('prefix', 'geo'), opt('lang', 'fr')], field: { name: 'src_ip' }, prefix: 'geo', allFields: false, lang: 'fr' },
  ],
  ['index=x | iplocation sourceIPs{}', { ...base('iplocation'), options: [], field: { name: 'sourceIPs{}' }, prefix: '', allFields: false }],
  // makemv: default delimiter is one space
  ['index=x | makemv answer', { ...base('makemv'), options: [], field: { name: 'answer' }, delim: ' ', allowEmpty: false, setsv: false }],
  [
    'index=x | makemv delim="," allowempty=t Scope',
    { ...base('makemv'), options: [opt('delim', ',', true), opt('allowempty', 't')], field: { name: 'Scope' }, delim: ',', allowEmpty: true, setsv: false },
  ],
  [
    'index=x | makemv tokenizer="([\\w\\d\\-]+)" process',
    { ...base('makemv'), options: [opt('tokenizer', '([\\w\\d\\-]+)', true)], field: { name: 'process' }, tokenizer: '([\\w\\d\\-]+)', allowEmpty: false, setsv: false },
  ],
  ['index=x | makemv x setsv=true', { ...base('makemv'), options: [opt('setsv', 'true')], field: { name: 'x' }, delim: ' ', allowEmpty: false, setsv: true }],
  // replace
  [
    'index=x | replace "::ffff:*" with * in src',
    { ...base('replace'), pairs: [{ from: arg('::ffff:*', true), to: arg('*') }], fields: f('src') },
  ],
  [
    'index=x | replace "%%8448" with "Success removed", "%%8450" with "Failure removed" in AuditPolicyChanges',
    {
      ...base('replace'),
      pairs: [
        { from: arg('%%8448', true), to: arg('Success removed', true) },
        { from: arg('%%8450', true), to: arg('Failure removed', true) },
      ],
      fields: f('AuditPolicyChanges'),
    },
  ],
  ['index=x | replace *localhost WITH localhost', { ...base('replace'), pairs: [{ from: arg('*localhost'), to: arg('localhost') }], fields: [] }],
  [
    'index=x | replace 0 WITH Critical 1 WITH Error IN msg_level, other',
    { ...base('replace'), pairs: [{ from: arg('0'), to: arg('Critical') }, { from: arg('1'), to: arg('Error') }], fields: f('msg_level', 'other') },
  ],
  ['index=x | replace in WITH out IN f', { ...base('replace'), pairs: [{ from: arg('in'), to: arg('out') }], fields: f('f') }],
  // fromjson
  ['index=x | fromjson Data', { ...base('fromjson'), options: [], field: { name: 'Data' }, prefix: '' }],
  ['index=x | fromjson object prefix=json_', { ...base('fromjson'), options: [opt('prefix', 'json_')], field: { name: 'object' }, prefix: 'json_' }],
  // top / rare
  ['index=x | top user', { ...base('top'), variant: 'top', options: [], fields: f('user'), by: [] }],
  ['index=x | rare user', { ...base('top', 'rare'), variant: 'rare', options: [], fields: f('user'), by: [] }],
  [
    'index=x | top 5 src_ip, user by host limit=3 countfield=n showperc=false',
    { ...base('top'), variant: 'top', count: 5, options: [opt('limit', '3'), opt('countfield', 'n'), opt('showperc', 'false')], fields: f('src_ip', 'user'), by: f('host') },
  ],
  [
    'index=x | top limit=0 sourceIPs{} user.username annotations.authorization.k8s.io/decision',
    { ...base('top'), variant: 'top', options: [opt('limit', '0')], fields: f('sourceIPs{}', 'user.username', 'annotations.authorization.k8s.io/decision'), by: [] },
  ],
  // transaction
  ['index=x | transaction src_user connected=false maxspan=180m', expectTransaction(['src_user'], [opt('connected', 'false'), opt('maxspan', '180m')], { value: 180, unit: 'm', text: '180m' })],
  ['index=x | transaction', expectTransaction([], [])],
  ['index=x | transaction host, user maxpause=-1', expectTransaction(['host', 'user'], [opt('maxpause', '-1')])],
];

function expectTransaction(fields: string[], options: unknown[], maxspan?: unknown): Record<string, unknown> {
  return { ...base('transaction'), fields: f(...fields), options, ...(maxspan ? { maxspan } : {}) };
}

describe('more command grammars', () => {
  it.each(rows)('%s', (spl, expected) => {
    const { stage, diagnostics } = lastStage(spl);
    expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(strip(stage)).toStrictEqual(expected);
  });

  it.each([
    ['index=x | transaction user startsWith=(operationName="Enable account") endsWith=(operationName="Reset password (by admin)") maxspan=2m', 'operationName="Enable account"', 'operationName="Reset password (by admin)"'],
    ['index=x | transaction ObjectDN startswith=(EventCode=5137) endswith=(EventCode=5141)', 'EventCode=5137', 'EventCode=5141'],
    ['index=x | transaction startswith="login failed" endswith=logout', 'AND(login, failed)', 'logout'],
    ['index=x | transaction startswith=EventCode=4624 endswith="EventCode=4634"', 'EventCode=4624', 'EventCode=4634'],
  ])('transaction filters: %s', (spl, start, end) => {
    const { stage, diagnostics } = lastStage(spl);
    expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    if (stage.command !== 'transaction') throw new Error(stage.command);
    expect(stage.startswith?.kind === 'search' ? showSearch(stage.startswith.expr) : 'eval').toBe(start);
    expect(stage.endswith?.kind === 'search' ? showSearch(stage.endswith.expr) : 'eval').toBe(end);
    expect(stage.options.map((o) => o.key.toLowerCase())).not.toContain('startswith');
  });

  it('reads transaction eval() filters as expressions', () => {
    const { stage, diagnostics } = lastStage('index=x | transaction host startswith=eval(status>=500) endswith=eval(match(msg, "done"))');
    expect(diagnostics).toEqual([]);
    if (stage.command !== 'transaction') throw new Error(stage.command);
    expect(stage.startswith).toMatchObject({ kind: 'eval', expr: { kind: 'binary', op: '>=' } });
    expect(stage.endswith).toMatchObject({ kind: 'eval', expr: { kind: 'call', fn: 'match' } });
  });

  it.each([
    ['index=x | appendpipe [| timechart limit=0 span=5m count | table _time]', ['opaque', 'table']],
    ['index=x | appendpipe [stats count by host | eval x=1]', ['stats', 'eval']],
    ['index=x | appendpipe run_in_preview=f [| where count > 1]', ['where']],
  ])('appendpipe: every stage of the sub-pipeline is a command — %s', (spl, commands) => {
    const { stage, diagnostics } = lastStage(spl);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    if (stage.command !== 'appendpipe') throw new Error(stage.command);
    expect(stage.subpipeline.stages.map((s) => s.command)).toEqual(commands);
  });

  it('keeps a trailing undefined macro after these commands as a stage of its own', () => {
    const { pipeline } = parseSpl('index=x | iplocation prefix="src_" src_ip `group_events("src_ip", 1)` `hec_collect`');
    expect(pipeline.stages.map((s) => s.command)).toEqual(['search', 'iplocation', 'macro', 'macro']);
  });
});

/** [SPL, code, text the span must cover, command name of the opaque stage] */
const errorRows: [string, string, string, string][] = [
  ['index=x | iplocation', 'SPL012', 'iplocation', 'iplocation'],
  ['index=x | iplocation a b', 'SPL001', 'b', 'iplocation'],
  ['index=x | iplocation allfields=maybe a', 'SPL009', 'maybe', 'iplocation'],
  ['index=x | makemv', 'SPL012', 'makemv', 'makemv'],
  ['index=x | makemv a b', 'SPL001', 'b', 'makemv'],
  ['index=x | makemv delim="," tokenizer="(\\w)" a', 'SPL001', 'tokenizer="(\\w)"', 'makemv'],
  ['index=x | makemv allowempty=sometimes a', 'SPL009', 'sometimes', 'makemv'],
  ['index=x | replace', 'SPL012', 'replace', 'replace'],
  ['index=x | replace a', 'SPL012', 'a', 'replace'],
  ['index=x | replace a WITH', 'SPL012', 'WITH', 'replace'],
  ['index=x | replace a b', 'SPL001', 'b', 'replace'],
  ['index=x | replace a* WITH *-* IN f', 'SPL009', '*-*', 'replace'],
  ['index=x | replace a WITH b IN', 'SPL012', 'IN', 'replace'],
  ['index=x | fromjson', 'SPL012', 'fromjson', 'fromjson'],
  ['index=x | fromjson a b', 'SPL001', 'b', 'fromjson'],
  ['index=x | appendpipe', 'SPL012', 'appendpipe', 'appendpipe'],
  ['index=x | appendpipe stats count', 'SPL001', 'stats', 'appendpipe'],
  ['index=x | appendpipe [stats count', 'SPL004', '[', 'appendpipe'],
  ['index=x | top', 'SPL012', 'top', 'top'],
  ['index=x | rare limit=all x', 'SPL009', 'all', 'rare'],
  ['index=x | top x by', 'SPL012', 'by', 'top'],
  ['index=x | top x showcount=maybe', 'SPL009', 'maybe', 'top'],
  ['index=x | transaction maxspan=forever', 'SPL009', 'forever', 'transaction'],
  ['index=x | transaction maxevents=many', 'SPL009', 'many', 'transaction'],
  ['index=x | transaction startswith=(a=1', 'SPL003', '(', 'transaction'],
  ['index=x | transaction startswith= x', 'SPL012', 'startswith', 'transaction'],
];

describe('more command errors', () => {
  it.each(errorRows)('%s → %s', (spl, code, spanText, name) => {
    const { stage, diagnostics } = lastStage(spl);
    expect(stage.command).toBe('opaque');
    expect(stage.name).toBe(name);
    const errors = diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code)).toEqual([code]);
    const span = errors[0]!.span!;
    expect(spl.slice(span.start, span.end)).toBe(spanText);
  });
});

describe('more command warnings', () => {
  it.each([
    ['index=x | iplocation foo=1 a', 'foo=1'],
    ['index=x | makemv foo=1 a', 'foo=1'],
    ['index=x | fromjson a foo=1', 'foo=1'],
    ['index=x | appendpipe foo=1 [stats count]', 'foo=1'],
    ['index=x | top foo=1 a', 'foo=1'],
    ['index=x | transaction a foo=1', 'foo=1'],
  ])('%s', (spl, spanText) => {
    const { stage, diagnostics } = lastStage(spl);
    expect(stage.command).not.toBe('opaque');
    const warns = diagnostics.filter((d) => d.code === 'SPL023');
    expect(warns).toHaveLength(1);
    expect(spl.slice(warns[0]!.span!.start, warns[0]!.span!.end)).toBe(spanText);
  });
});
