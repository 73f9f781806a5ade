/**
 * `spl2x verify` against the running engines (Elasticsearch: ES_URL or `npm run es:start`; pySigma: `npm run
 * oracles:setup`). Never skipped: without the engines the seed run fails with the message saying what is missing.
 *
 * - the seed rule on the 7045 fixture events: exit 0, a parity table, JUnit XML that a real XML parser reads
 *   (Python's xml.etree, from the oracle environment) with one testsuite and a testcase per target;
 * - a planted mismatch: a profile that maps Service_Name onto `process.pid`, a `long` field for the esdsl target
 *   (src/targets/esdsl/field-types.ts): the service names cannot be indexed there, Elasticsearch finds nothing while the
 *   verdict promises every row → exit 1, the rows printed, a JUnit failure;
 * - no engine at the URL: exit 2 and a message naming the URL and how to get one;
 * - bad input (events that are not NDJSON, an unknown target, a rule that does not load): exit 2.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { pysigmaPaths, SETUP_HINT } from '../../src/verify/pysigma.js';

const SEED = 'examples/psexec_service_creation.yml';
const EVENTS = 'test/fixtures/events/wineventlog_system_7045.ndjson';
const dir = mkdtempSync(join(tmpdir(), 'spl2x-verify-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run the CLI in-process: exit code, stdout, stderr. */
async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    err += typeof s === 'string' ? s : Buffer.from(s).toString('utf8');
    return true;
  });
  try {
    const code = await main(argv, (s) => (out += s));
    return { code, out, err };
  } finally {
    spy.mockRestore();
  }
}

interface JunitCase {
  suite: string;
  classname: string;
  name: string;
  failure: string | null;
  error: string | null;
  skipped: boolean;
}

/** Parse JUnit XML with a real XML parser (Python's xml.etree from the oracle environment). */
function parseJunit(path: string): { tests: number; failures: number; cases: JunitCase[] } {
  const { python } = pysigmaPaths();
  if (!existsSync(python)) throw new Error(`no XML parser: ${python} is missing; ${SETUP_HINT}`);
  const script = [
    'import json, sys, xml.etree.ElementTree as ET',
    'root = ET.parse(sys.argv[1]).getroot()',
    'cases = []',
    "for s in root.iter('testsuite'):",
    "    for c in s.iter('testcase'):",
    "        f = c.find('failure'); e = c.find('error')",
    "        cases.append({'suite': s.get('name'), 'classname': c.get('classname'), 'name': c.get('name'),",
    "                      'failure': None if f is None else (f.get('message') or '') + '\\n' + (f.text or ''),",
    "                      'error': None if e is None else (e.get('message') or ''), 'skipped': c.find('skipped') is not None})",
    "print(json.dumps({'tests': int(root.get('tests')), 'failures': int(root.get('failures')), 'cases': cases}))",
  ].join('\n');
  const r = spawnSync(python, ['-c', script, path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`JUnit XML does not parse: ${r.stderr}`);
  return JSON.parse(r.stdout) as { tests: number; failures: number; cases: JunitCase[] };
}

describe('spl2x verify (real engines)', () => {
  it('passes on the seed rule and the 7045 events, prints the parity table and writes JUnit XML', async () => {
    const junit = join(dir, 'seed', 'junit.xml');
    const { code, out, err } = await run('verify', SEED, '--events', EVENTS, '--junit', junit);
    expect(code, `${out}\n${err}`).toBe(0);
    expect(out).toMatch(/^rule +target +verdict +status +matches \(reference→target\) +mismatches$/m);
    for (const t of ['esdsl', 'kql', 'sigma', 'js']) expect(out).toMatch(new RegExp(`^psexec_service_creation +${t} +(exact|superset|partial) +`, 'm'));
    expect(out).toMatch(/^engine: Elasticsearch 8\./m);
    expect(out).toMatch(/0 failed/);
    const x = parseJunit(junit);
    expect(x.tests).toBe(4);
    expect(x.failures).toBe(0);
    expect(x.cases.map((c) => [c.suite, c.name])).toEqual(['esdsl', 'kql', 'sigma', 'js'].map((t) => ['psexec_service_creation', t]));
    expect(x.cases.every((c) => c.classname === 'spl2x.verify.psexec_service_creation' && c.failure === null && c.error === null)).toBe(true);
  });

  it('--format json gives every check', async () => {
    const { code, out } = await run('verify', SEED, '--events', EVENTS, '--targets', 'esdsl,js', '--format', 'json');
    expect(code).toBe(0);
    const j = JSON.parse(out);
    expect(j.targets).toEqual(['esdsl', 'js']);
    const esdsl = j.results[0].targets.find((t: { target: string }) => t.target === 'esdsl');
    expect(esdsl.checks[0]).toMatchObject({ label: 'rows', kind: 'rows', verdict: 'superset' });
    expect(esdsl.checks[0].comparison.summary).toMatch(/reference row/);
    expect(j.results[0].reference.filterMatches.sort()).toEqual(['svc-psexesvc-jump01', 'svc-psexesvc-ws5']);
  });

  it('exits 1 on a planted mismatch (a profile mapping Service_Name onto a long field), with both sides and a JUnit failure', async () => {
    const ecs = readFileSync('targets/profiles/ecs.yml', 'utf8');
    const wrong = ecs.replace(/^name: ecs$/m, 'name: ecs-wrong-type').replace(/^ {2}Service_Name: winlog\.event_data\.ServiceName$/m, '  Service_Name: process.pid');
    expect(wrong).toContain('Service_Name: process.pid');
    const profile = join(dir, 'wrong.yml');
    writeFileSync(profile, wrong);
    const junit = join(dir, 'planted', 'junit.xml');
    const { code, out } = await run('verify', SEED, '--events', EVENTS, '--targets', 'esdsl,js', '--profile', `esdsl=${profile}`, '--junit', junit);
    expect(code, out).toBe(1);
    expect(out).toMatch(/^psexec_service_creation +esdsl +superset +MISMATCH +rows 2→0 ✗ +2$/m);
    expect(out).toContain('row only in JS matcher (reference): {"_time":"1603078246","host":"WORKSTATION5","service_name":["%SystemRoot%\\\\PSEXESVC.exe"]}');
    expect(out).toMatch(/46 document\(s\) have a value of process\.pid that is not a valid long/);
    const x = parseJunit(junit);
    expect(x.failures).toBe(1);
    const failed = x.cases.find((c) => c.name === 'esdsl')!;
    expect(failed.failure).toMatch(/rows: superset: must contain every reference result; 2 reference row\(s\), 0 from the target; 2 missing/);
    expect(failed.failure).toContain('WORKSTATION5');
    expect(x.cases.find((c) => c.name === 'js')!.failure).toBeNull();
  });

  it('without an engine at the URL: exit 2, naming the URL and how to get one', async () => {
    const { code, out, err } = await run('verify', SEED, '--events', EVENTS, '--targets', 'esdsl,kql,js', '--es-url', 'http://127.0.0.1:9');
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('cannot verify: an engine is missing');
    expect(err).toContain('no Elasticsearch answers at http://127.0.0.1:9');
    expect(err).toContain('npm run es:start');
    expect(err).toContain('ES_URL');
    expect(err).toContain('--targets js');
  });

  it('needs no engine for the JS matcher alone', async () => {
    const { code, out } = await run('verify', SEED, '--events', EVENTS, '--targets', 'js', '--es-url', 'http://127.0.0.1:9');
    expect(code).toBe(0);
    expect(out).toMatch(/^psexec_service_creation +js +exact +reference +filter 2, rows 2 +0$/m);
  });

  it.each([
    ['events that are not NDJSON', ['verify', SEED, '--events', 'test/fixtures/bad/broken.spl'], /EVT001/],
    ['a missing events file', ['verify', SEED, '--events', 'test/fixtures/events/nope.ndjson'], /cannot read events/],
    ['an unknown target', ['verify', SEED, '--events', EVENTS, '--targets', 'esdsl,splunk'], /unknown target\(s\): splunk/],
    ['a rule that does not load', ['verify', 'test/fixtures/bad/malformed.yml', SEED, '--events', EVENTS], /LOAD004[\s\S]*nothing verified/],
    ['a profile that does not load', ['verify', SEED, '--events', EVENTS, '--profile', 'esdsl=test/fixtures/bad/nope.yml'], /PROF001/],
  ])('exits 2 on bad input: %s', async (_label, argv, message) => {
    const { code, err } = await run(...argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });
});
