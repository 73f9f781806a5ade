import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { CORPUS, hasShared } from './helpers/corpus.js';

/** Run the CLI in-process; capture stdout and the exit code. */
async function run(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main(argv, (s) => (out += s));
  return { code, out };
}

describe('spl2x CLI', () => {
  it('explains the seed rule as JSON with the documented keys', async () => {
    const { code, out } = await run('explain', 'examples/psexec_service_creation.yml', '--format', 'json');
    expect(code).toBe(0);
    const e = JSON.parse(out);
    expect(Object.keys(e)).toEqual(['rule', 'stages', 'exclusions', 'indicators', 'searchTerms', 'diagnostics']);
    expect(e.searchTerms.map((t: { term: string }) => t.term)).toEqual(['EventCode=7045', '"<EventID>7045<"']);
  });

  it('explains a whole directory, one report per rule', async () => {
    const { code, out } = await run('explain', 'examples', '--macros', 'examples/macros.conf');
    expect(code).toBe(0);
    expect(out.match(/^## Stages and predicates$/gm)).toHaveLength(5);
  });

  it.each([
    ['snowflake rule', 'test/fixtures/bad/snowflake.yml', 'LOAD006'],
    ['malformed YAML', 'test/fixtures/bad/malformed.yml', 'LOAD004'],
    ['missing file', 'test/fixtures/bad/nope.yml', 'LOAD001'],
  ])('refuses a %s with exit 2 and still processes the other rules', async (_l, bad, code) => {
    const r = spawnSync(process.execPath, ['bin/spl2x.js', 'ir', bad, 'examples/encoded_powershell.spl'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(code);
    expect(JSON.parse(r.stdout).file).toBe('examples/encoded_powershell.spl');
  });

  it('reports broken SPL with a positioned error and a code frame, and keeps the other stages', async () => {
    const r = spawnSync(process.execPath, ['bin/spl2x.js', 'ir', 'test/fixtures/bad/broken.spl'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/test\/fixtures\/bad\/broken\.spl:1:\d+: error SPL00\d/);
    expect(r.stderr).toContain('> 1 | index=main (EventCode=4624 OR');
    const ir = JSON.parse(r.stdout);
    expect(ir.stageMap.map((s: { command: string }) => s.command)).toEqual(['search', 'stats']);
  });

  it('reads SPL from stdin with -', () => {
    const r = spawnSync(process.execPath, ['bin/spl2x.js', 'ir', '-'], { input: 'index=main EventCode=4624 | head 3', encoding: 'utf8' });
    expect(r.status).toBe(0);
    const ir = JSON.parse(r.stdout);
    expect(ir.format).toBe('spl');
    expect(ir.query.stages).toEqual([expect.objectContaining({ kind: 'head', count: 3 })]);
  });

  it('prints the parsed SPL with --ast', async () => {
    const { code, out } = await run('ir', '--ast', 'examples/encoded_powershell.spl');
    expect(code).toBe(0);
    expect(JSON.parse(out).pipeline.stages.map((s: { command: string }) => s.command)).toEqual([
      'search', 'rex', 'eval', 'where', 'bin', 'stats', 'where', 'sort', 'head',
    ]);
  });

  it('exits 1 on a usage error', async () => {
    const r = spawnSync(process.execPath, ['bin/spl2x.js', 'frobnicate'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('spl2x');
  });

  it.runIf(hasShared(`${CORPUS}/armory`))('counts indicators across a catalog, leaving the rule itself out', async () => {
    const { out } = await run('explain', 'examples/psexec_service_creation.yml', '--format', 'json', '--catalog', `${CORPUS}/armory/detections`);
    const e = JSON.parse(out);
    const eventCode = e.indicators.find((i: { field: string }) => i.field === 'EventCode');
    expect(eventCode.corpus).toBeGreaterThan(0);
    expect(e.indicators.every((i: { corpus: unknown }) => typeof i.corpus === 'number')).toBe(true);
  });
});

describe('spl2x convert / run / targets', () => {
  it('converts the seed to every target: native DSL with regexp and a composite aggregation, KQL, Sigma with |re and ATT&CK tags, a JS module', async () => {
    const { code, out } = await run('convert', 'examples/psexec_service_creation.yml', '--to', 'all', '--format', 'json');
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect(Object.keys(doc)).toEqual(['results', 'summary']);
    const r = doc.results[0];
    expect(r.rule).toEqual({ id: '5399.5499', title: 'PSexec Service Creation', source: 'examples/psexec_service_creation.yml' });
    const { esdsl, kql, sigma, js } = r.targets;
    const dsl = JSON.stringify(esdsl.output.body);
    expect(dsl).toContain('"regexp"');
    expect(dsl).not.toContain('query_string');
    expect(esdsl.output.body.aggs.stats.composite.sources.map((s: object) => Object.keys(s)[0])).toEqual(['_time', 'host']);
    expect(typeof kql.output).toBe('string');
    expect(['superset', 'partial']).toContain(kql.fidelity);
    expect(kql.notes.length).toBeGreaterThan(0);
    expect(sigma.output).toContain('ServiceName|re:');
    expect(sigma.output).toContain('attack.t1543.003');
    expect(js.output).toContain('export function run(');
    for (const t of [esdsl, kql, sigma, js]) expect(['exact', 'superset', 'partial', 'unsupported']).toContain(t.fidelity);
    expect(doc.summary.rules).toBe(1);
  });

  it('writes one file per rule and target with --out, atomically', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spl2x-out-'));
    const { code } = await run('convert', 'examples', '--macros', 'examples/macros.conf', '--to', 'kql,sigma', '--out', dir);
    expect(code).toBe(0);
    expect(readdirSync(join(dir, 'psexec_service_creation')).sort()).toEqual(['kql.kql', 'sigma.yml', 'verdicts.json']);
    expect(readdirSync(dir).some((f) => f.endsWith('.tmp'))).toBe(false);
  });

  it('rejects an unknown target with exit 1', async () => {
    const { code } = await run('convert', 'examples/psexec_service_creation.yml', '--to', 'splunk2');
    expect(code).toBe(1);
  });

  it('runs the seed rule on real 7045 events and gives its rows', async () => {
    const { code, out } = await run('run', 'examples/psexec_service_creation.yml', '--events', 'test/fixtures/events/wineventlog_system_7045.ndjson');
    expect(code).toBe(0);
    const rows = JSON.parse(out);
    expect(rows.map((r: { host: string }) => r.host)).toEqual(['WORKSTATION5', 'jump01.offsec.lan']);
    expect(rows[0].service_name).toEqual(['%SystemRoot%\\PSEXESVC.exe']);
  });

  it('reads events from stdin and prints NDJSON rows', () => {
    const events = ['{"_time": 10, "EventCode": 4624, "user": "a"}', '{"_time": 20, "EventCode": 4624, "user": "b"}', '{"_time": 30, "EventCode": 4625, "user": "c"}'].join('\n');
    const r = spawnSync(process.execPath, ['bin/spl2x.js', 'run', '-', '--events', '-', '--format', 'ndjson'], { input: events, encoding: 'utf8' });
    // Both the rule and the events cannot come from stdin: the rule is read first and gets all of it.
    expect(r.status).not.toBe(0);
    const f = join(mkdtempSync(join(tmpdir(), 'spl2x-run-')), 'r.spl');
    writeFileSync(f, 'EventCode=4624 | stats count by user');
    const ok = spawnSync(process.execPath, ['bin/spl2x.js', 'run', f, '--events', '-', '--format', 'ndjson'], { input: events, encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual([
      { user: 'a', count: 1 },
      { user: 'b', count: 1 },
    ]);
  });

  it('reports a bad events line with its line number and exit 2', () => {
    const r = spawnSync(process.execPath, ['bin/spl2x.js', 'run', 'examples/encoded_powershell.spl', '--events', '-'], { input: '{"a":1}\n{not json\n', encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/:2/);
  });

  it('lists targets and profiles', async () => {
    const { code, out } = await run('targets');
    expect(code).toBe(0);
    for (const w of ['esdsl', 'kql', 'sigma', 'js', 'splunk', 'ecs']) expect(out).toContain(w);
  });
});

describe('--semantics', () => {
  const rule = (() => {
    const f = join(mkdtempSync(join(tmpdir(), 'spl2x-sem-')), 'r.spl');
    writeFileSync(f, 'EventCode=7045 | regex Service_Account!="(?i)localsystem"');
    return f;
  })();
  const events = '{"id":"a","EventCode":7045,"Service_Account":"LocalSystem"}\n{"id":"b","EventCode":7045}\n{"id":"c","EventCode":7045,"Service_Account":"bob"}\n';

  it.each([
    [[], ['b', 'c']],
    [['--semantics', 'regex-neq-missing=drop'], ['c']],
  ])('run %j keeps %j', (extra, ids) => {
    const r = spawnSync(process.execPath, ['bin/spl2x.js', 'run', rule, '--events', '-', ...extra], { input: events, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).map((e: { id: string }) => e.id).sort()).toEqual(ids);
  });

  it('rejects an unknown switch', async () => {
    const { code } = await run('ir', rule, '--semantics', 'regex-neq-missing=sometimes');
    expect(code).toBe(1);
  });
});
