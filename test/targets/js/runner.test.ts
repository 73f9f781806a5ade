/**
 * `runner()` (the pipeline fed one event at a time, as `spl2x run` feeds it) gives the rows of `run(events)`, and
 * keeping only the fields the pipeline can see (`keep` of the compiled query, src/targets/js/projection.ts) changes
 * no row: every fixture rule and a set of pipelines, each run with and without its `keep`, on the fixture events.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFrontend } from '../../../src/ir/lower/index.js';
import type { Rule } from '../../../src/ir/types.js';
import { loadRuleText } from '../../../src/load/index.js';
import { loadMacros, type MacroTable } from '../../../src/macros/index.js';
import { js } from '../../../src/targets/js/index.js';
import { pipelineFields } from '../../../src/targets/js/projection.js';
import { loadModule, parseEvents } from '../../../src/targets/js/run.js';
import { lowerSpl } from '../../helpers/spl.js';
import { NOW, profile } from './helpers.js';

const FIXTURES = 'test/fixtures';
const RULE_EXT = /\.(ya?ml|spl|txt)$/i;
const KEEP_LINE = /^ {2}keep: .*\n/m;

const events = readdirSync(join(FIXTURES, 'events'))
  .filter((f) => f.endsWith('.ndjson'))
  .sort()
  .flatMap((f) => parseEvents(readFileSync(join(FIXTURES, 'events', f), 'utf8'), f).events as Record<string, unknown>[]);
// Events the pipelines below match, with fields of every shape (nested, multivalue, numeric, missing).
const extra: Record<string, unknown>[] = Array.from({ length: 60 }, (_, i) => ({
  _time: 1_700_000_000 + (i % 7) * 13 + (i % 3) / 2,
  host: `h${i % 4}`,
  user: i % 5 === 0 ? ['a', 'b'] : `u${i % 3}`,
  EventCode: i % 2 ? 7045 : '4688',
  n: i % 4 === 0 ? null : i,
  src: { ip: `10.0.0.${i % 6}` },
  ...(i % 3 ? { _raw: `EventCode=${i % 2 ? 7045 : 4688} host=h${i % 4}` } : {}),
}));
const all = [...events, ...extra];

const PIPELINES = [
  '* | eval x=n*2 | table _time host x user',
  '* | eval x=n*2 | where x>10 | table host, x',
  '* | bin _time span=10s | stats count values(user) as users by _time host',
  '* | stats count by host',
  '* | stats dc(user) max(n) earliest(n) as e by EventCode',
  'EventCode=7045 | fields host user src.ip',
  '* | eval y=lower(host) . "-" . tostring(n) | where isnotnull(y) | bin _time span=1m | stats latest(y) as y by _time',
  '* | where match(host, "h[12]") | table "src.ip" host',
  '* | eval h=host | where len(_raw)>3 | table h',
  '* | table _raw host',
];

function lowerFile(path: string, macros: MacroTable): Rule {
  const loaded = loadRuleText(path, readFileSync(path, 'utf8'));
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('; '));
  return runFrontend(loaded.value[0]!, { macros }).rule;
}

async function compare(rule: Rule, label: string): Promise<boolean> {
  const output = js.convert(rule, { profile: profile('splunk'), strict: false }).output;
  const mod = await loadModule(output);
  const rows = JSON.parse(JSON.stringify(mod.run(all, { now: NOW }))) as unknown;
  const r = mod.runner({ now: NOW });
  for (const e of all) r.push(e);
  expect(JSON.parse(JSON.stringify(r.end())), label).toEqual(rows);
  if (!KEEP_LINE.test(output)) return false;
  const whole = await loadModule(output.replace(KEEP_LINE, ''));
  expect(JSON.parse(JSON.stringify(whole.run(all, { now: NOW }))), label).toEqual(rows);
  return true;
}

describe('runner and kept fields', () => {
  it.each(PIPELINES)('%s', async (spl) => {
    await compare(lowerSpl(spl), spl);
  });

  it('every fixture rule', async () => {
    const macros = await loadMacros('examples/macros.conf');
    if (!macros.ok) throw new Error('examples/macros.conf');
    const files = readdirSync(join(FIXTURES, 'rules')).filter((f) => RULE_EXT.test(f));
    let projected = 0;
    for (const f of files) if (await compare(lowerFile(join(FIXTURES, 'rules', f), macros.value), f)) projected++;
    expect(projected).toBeGreaterThan(3);
  });

  it('keeps only what the stages read, and everything when they may read any field', () => {
    const fields = (spl: string) => pipelineFields(lowerSpl(spl).query.stages);
    expect(fields('* | eval x=a | table x, b')).toEqual(['_time', 'a', 'b']);
    expect(fields('* | stats count by host')).toEqual(['_time', 'host']);
    expect(fields('* | bin _time span=1m | stats values(u) by _time')).toEqual(['_time', 'u']);
    expect(fields('* | table a*')).toBeUndefined();
    expect(fields('* | stats values(*) as * by host')).toBeUndefined();
    expect(fields('* | eval x=_raw | table x')).toBeUndefined();
    expect(fields('* | sort a | table a')).toBeUndefined();
    expect(fields('* | eventstats count by a | table a')).toBeUndefined();
    expect(fields('* | eval x=1')).toBeUndefined();
  });
});

describe('forEachEvent (the stream reader of spl2x run)', () => {
  const text =
    '\uFEFF{"a":"é€😀","n":1}\r\n\n  \n{"b":[1,2]}\n{bad\nnot json\n[1]\n{"c":"x\\ny"}\r\n{"d":"last"}';
  const bytes = Buffer.from(text, 'utf8');

  it.each([1, 2, 3, 5, 7, 16, 1000])('reads the lines of parseEvents with chunks of %i bytes', async (size) => {
    const { Readable } = await import('node:stream');
    const { forEachEvent } = await import('../../../src/targets/js/run.js');
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
    const got: unknown[] = [];
    const r = await forEachEvent(Readable.from(chunks), 'f.ndjson', (e) => got.push(e));
    const want = parseEvents(text, 'f.ndjson');
    expect(got).toEqual(want.events);
    expect(r.read).toBe(want.events.length);
    expect(r.diagnostics).toEqual(want.diagnostics);
  });
});

describe('spl2x run (the worker thread of dist/)', () => {
  it('gives the same rows from a file and from stdin, for several rules at once, through many stdin chunks', async () => {
    const { spawnSync } = await import('node:child_process');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'spl2x-runner-'));
    const file = join(dir, 'events.ndjson');
    // ~3 MB: many 64 KB chunks, so the worker acknowledges chunks while the main thread waits.
    const lines: string[] = [];
    for (let i = 0; i < 6000; i++) lines.push(JSON.stringify({ ...extra[i % extra.length], id: i, pad: 'x'.repeat(400) }));
    writeFileSync(file, lines.join('\n') + '\n');
    const rule1 = join(dir, 'a.spl');
    const rule2 = join(dir, 'b.spl');
    writeFileSync(rule1, 'EventCode=7045 | stats count values(user) as users by host');
    writeFileSync(rule2, 'host=h1 | eval x=n*2 | table id x');
    const args = ['bin/spl2x.js', 'run', rule1, rule2, '--format', 'ndjson'];
    const fromFile = spawnSync(process.execPath, [...args, '--events', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const fromStdin = spawnSync(process.execPath, [...args, '--events', '-'], { input: readFileSync(file), encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(fromFile.status, fromFile.stderr).toBe(0);
    expect(fromStdin.status, fromStdin.stderr).toBe(0);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
    const rows = fromFile.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.filter((r) => 'count' in r).reduce((n, r) => n + (r['count'] as number), 0)).toBe(3000);
    expect(rows.filter((r) => 'id' in r)).toHaveLength(1500);
  });
});
