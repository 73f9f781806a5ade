/**
 * Parity on real engines: every fixture rule with a hand-written expectation (test/fixtures/rules/ + expect/), the
 * seed (examples/psexec_service_creation.yml) and, with ../shared present, the corpus rules of corpus.list — each ×
 * each target (src/verify/parity.ts, docs/verify.md):
 *
 * - esdsl: the request on Elasticsearch (ES_URL, else the node of `npm run es:start`), rows via responseToRows,
 *   compared with `spl2x run` (or the matching events for filter-only rules), as the verdict says;
 * - kql: the independent KQL reader's DSL on Elasticsearch vs the JS matcher's filter;
 * - sigma: pySigma's matcher, and pySigma's Lucene on Elasticsearch, vs the JS matcher's filter;
 * - js: the reference itself meets the expectation (filter matches and rows).
 *
 * A missing engine or oracle FAILS every test with the command that provides it (never a skip). A mismatch prints
 * the rule, the event ids or rows, and both sides. ORACLE_LIMITS lists the differences that come from an oracle or
 * engine (each with the exact ids and why); they are reported, and a listed difference that no longer occurs fails
 * too, so the list stays true.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFrontend } from '../../src/ir/lower/index.js';
import type { Rule } from '../../src/ir/types.js';
import { loadRuleText } from '../../src/load/index.js';
import { loadMacros, MacroTable, type MacroTable as Macros } from '../../src/macros/index.js';
import { parseProfileChoice, ProfileCache } from '../../src/targets/convert.js';
import { parseEvents } from '../../src/targets/js/run.js';
import type { TargetName } from '../../src/targets/types.js';
import { eventFile, type EventFile } from '../../src/verify/documents.js';
import { ES_START_HINT, esClient } from '../../src/verify/elasticsearch.js';
import {
  describeFailure, failing, ParitySession, verifyRules, type Check, type Expectation, type RuleInput, type RuleParity, type TargetParity,
} from '../../src/verify/parity.js';
import { SETUP_HINT } from '../../src/verify/pysigma.js';
import { CORPUS, hasShared } from '../helpers/corpus.js';

const FIXTURES = 'test/fixtures';
const RULE_EXT = /\.(ya?ml|spl|txt)$/i;
const TARGETS: readonly TargetName[] = ['esdsl', 'kql', 'sigma', 'js'];

/**
 * Reviewed differences that are not the target's translation: rule × target × check, the exact ids (or, for rows,
 * the number of rows) that differ, and why. `profile` and `oracle` entries must match what parity.ts itself
 * explains (`Check.explained`); `matcher` entries cover the pySigma oracle matcher's own reading, which parity.ts
 * does not explain. A difference not listed here fails; an entry that no longer occurs fails too.
 */
interface Known {
  readonly rule: string;
  readonly target: TargetName;
  readonly check: string;
  readonly kind: 'profile' | 'oracle' | 'matcher';
  readonly missing?: readonly string[];
  readonly extra?: readonly string[];
  /** For rows: how many reference rows are missing (and as many extra). */
  readonly rows?: number;
  readonly why: string;
}
const PROFILE_ALIASES =
  'the ecs profile maps several SPL names onto one field (EventCode, EventID, signature_id, event_id → event.code; host, ComputerName, ' +
  'Computer, dest, dest_host → host.name; Service_Name and ServiceName → winlog.event_data.ServiceName; …). The SPL events carry only the ' +
  'names their source wrote, the documents have the field: ';
const LUCENE_REGEX =
  'pySigma-backend-elasticsearch 2.1.1 writes `|re` values unchanged as Lucene /…/ regexps, which must match the whole value and read ' +
  '`^`, `$` as literal characters and `(?i)` as a pattern that matches nothing; Sigma regexes search the value. pySigma\'s own condition ' +
  'tree (the matcher check) holds';
const LUCENE_CASED =
  'the Sigma index folds case (lowercase normalizer: Sigma values are case-insensitive), so no query_string can keep a `|cased` value ' +
  'case-sensitive, and pySigma-backend-elasticsearch 2.1.1 drops `|cased` from value lists and contains/startswith/endswith without an ' +
  'error; pySigma\'s own condition tree (the matcher check) holds';
const KNOWN: readonly Known[] = [
  // ——— the profile's aliases (esdsl rows): equal to `spl2x run` on the events completed with the aliases ———
  ...['psexec-service-creation.catalog', 'psexec_service_creation (seed)', 'corpus/psexec_service_creation-splunk-winevent'].map((rule) => ({
    rule, target: 'esdsl' as const, check: 'rows', kind: 'profile' as const, rows: 2,
    why: `${PROFILE_ALIASES}\`table … signature_id … dest_host … event_id\` then \`values(*) as *\` lists 7045 / the host under those names, which the SPL events (EventCode, host only) do not have`,
  })),
  {
    rule: 'corpus/service_created_containing_command_shell-splunk-winevent', target: 'esdsl', check: 'rows', kind: 'profile', rows: 5,
    why: `${PROFILE_ALIASES}\`values(*) as *\` after \`table … signature_id … dest_host\` lists them on ECS documents`,
  },
  {
    rule: 'corpus/windows_driver_load_non_standard_path', target: 'esdsl', check: 'rows', kind: 'profile', rows: 4,
    why:
      `${PROFILE_ALIASES}the rule groups by Computer, ImagePath, ServiceName (XmlWinEventLog names), which the classic WinEventLog rendering of ` +
      'the same events (wineventlog_system_7045.ndjson, Service_Name, Service_File_Name) lacks in SPL but has in ECS: on ECS each driver load is counted twice (once per rendering)',
  },
  // ——— pySigma's Lucene on Elasticsearch ———
  { rule: 'case-script-block', target: 'sigma', check: 'pySigma Lucene', kind: 'oracle', extra: ['ps-mimikatz-lower-ws04'], why: LUCENE_CASED },
  { rule: 'service-name-case-sensitive', target: 'sigma', check: 'pySigma Lucene', kind: 'oracle', extra: ['sec4697-mimidrv', 'svc-covenant-otr'], why: LUCENE_CASED },
  { rule: 'regex-anchors-digits', target: 'sigma', check: 'pySigma Lucene', kind: 'oracle', missing: ['svc-cobaltstrike-tbbd05'], why: `${LUCENE_REGEX} (\`^[a-z]{4}[0-9]{2}$\`)` },
  { rule: 'regex-url-digits', target: 'sigma', check: 'pySigma Lucene', kind: 'oracle', missing: ['proc-certutil-download'], why: `${LUCENE_REGEX} (\`(?i)https?:…\`)` },
  { rule: 'regex-whitespace-negated', target: 'sigma', check: 'pySigma Lucene', kind: 'oracle', missing: ['svc-vmware-snapshot'], why: `${LUCENE_REGEX} (\`\\.exe[\\t-\\r ]+/\` searched, not whole-value)` },
  {
    rule: 'where-match-isnotnull', target: 'sigma', check: 'pySigma Lucene', kind: 'oracle',
    missing: ['svc-nettcp-disabled', 'svc-vmware-snapshot', 'svc-wpf-fontcache'], why: `${LUCENE_REGEX} (\`(?i)^nt authority\\\\localservice$\`)`,
  },
  ...['psexec-service-creation.catalog', 'psexec_service_creation (seed)', 'corpus/psexec_service_creation-splunk-winevent'].map((rule) => ({
    rule, target: 'sigma' as const, check: 'pySigma Lucene', kind: 'oracle' as const, missing: ['svc-psexesvc-jump01', 'svc-psexesvc-ws5'],
    why: `${LUCENE_REGEX} (\`([0-9A-Z_a-z]{4}|execsvc)$\`, \`\\\\.{8}\\.exe$\`)`,
  })),
  // ——— the pySigma oracle's matcher (SQLite) ———
  {
    rule: 'unicode-casefold', target: 'sigma', check: 'pySigma matcher', kind: 'matcher', missing: ['proc-unicode-upper'],
    why: 'the oracle matcher folds case the way SQLite does, ASCII only: `corp\\josé` does not match `CORP\\JOSÉ` (test/verify/pysigma.test.ts MATCHER_LIMITS)',
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Inputs

const eventFiles = new Map<string, EventFile>();
function fileOf(name: string): EventFile {
  let f = eventFiles.get(name);
  if (!f) {
    const parsed = parseEvents(readFileSync(join(FIXTURES, 'events', name), 'utf8'), name);
    if (parsed.diagnostics.length) throw new Error(`${name}: ${parsed.diagnostics.map((d) => d.message).join('; ')}`);
    f = eventFile(name, parsed.events as Record<string, unknown>[]);
    eventFiles.set(name, f);
  }
  return f;
}

interface ExpectationFile extends Expectation {
  readonly events: readonly string[];
}

function lower(path: string, macros: Macros): Rule {
  const loaded = loadRuleText(path, readFileSync(path, 'utf8'));
  if (!loaded.ok) throw new Error(`${path}: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  return runFrontend(loaded.value[0]!, { macros }).rule;
}

function input(name: string, path: string, expectPath: string, macros: Macros): RuleInput {
  const x = JSON.parse(readFileSync(expectPath, 'utf8')) as ExpectationFile;
  return { name, rule: lower(path, macros), events: { files: x.events.map(fileOf) }, expectation: { matches: x.matches, ...(x.rows ? { rows: x.rows } : {}) } };
}

const examples = await loadMacros('examples/macros.conf');
if (!examples.ok) throw new Error('examples/macros.conf does not load');
const macros = examples.value;

const ruleFiles = readdirSync(join(FIXTURES, 'rules'))
  .filter((f) => RULE_EXT.test(f))
  .sort();
const inputs: RuleInput[] = ruleFiles
  .filter((f) => existsSync(join(FIXTURES, 'expect', `${f.replace(RULE_EXT, '')}.json`)))
  .map((f) => input(f.replace(RULE_EXT, ''), join(FIXTURES, 'rules', f), join(FIXTURES, 'expect', `${f.replace(RULE_EXT, '')}.json`), macros));
inputs.push(input('psexec_service_creation (seed)', 'examples/psexec_service_creation.yml', join(FIXTURES, 'expect', 'psexec-service-creation.catalog.json'), macros));

const corpusList = readFileSync(join(FIXTURES, 'rules', 'corpus.list'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));
if (hasShared(CORPUS)) {
  const escu = await loadMacros(resolve(CORPUS, 'escu/macros'));
  const escuMacros = escu.ok ? escu.value : MacroTable.builtin();
  for (const rel of corpusList) {
    const name = basename(rel).replace(RULE_EXT, '');
    inputs.push(input(`corpus/${name}`, resolve(CORPUS, rel), join(FIXTURES, 'expect', 'corpus', `${name}.json`), rel.startsWith('escu/') ? escuMacros : MacroTable.builtin()));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// One run for everything (indices reused across rules), then one test per rule × target

const client = esClient();
const session = new ParitySession(client);
const results = new Map<string, RuleParity>();
let engineProblem = '';
const timings: Record<string, number> = {};

beforeAll(async () => {
  const t0 = Date.now();
  const info = await session.engine();
  timings['cluster check'] = Date.now() - t0;
  if (!info.ok) {
    engineProblem = info.error;
    // Without Elasticsearch the JS and pySigma-matcher checks still run; every Elasticsearch check reports the error.
  }
  const t1 = Date.now();
  const out = await verifyRules(session, inputs, { targets: TARGETS, profiles: new ProfileCache(parseProfileChoice([])) });
  timings['verify (index, convert, run, compare)'] = Date.now() - t1;
  for (const r of out) results.set(r.name, r);
}, 300_000);

afterAll(async () => {
  const t0 = Date.now();
  await session.close();
  timings['delete indices'] = Date.now() - t0;
  const lines = ['rule | target | verdict | status | checks', '---|---|---|---|---'];
  const tally: Record<string, Record<string, number>> = {};
  for (const r of results.values()) {
    for (const t of r.targets) {
      const failed = t.checks.filter((c) => c.comparison && !c.comparison.ok);
      const status = failed.length && failed.every((c) => isKnown(r.name, t, c)) ? `known (${[...new Set(failed.map((c) => knownFor(r.name, t, c)!.kind))].join(', ')})` : t.status;
      const k = `${t.fidelity} ${status}`;
      tally[t.target] ??= {};
      tally[t.target]![k] = (tally[t.target]![k] ?? 0) + 1;
      lines.push(`${r.name} | ${t.target} | ${t.fidelity} | ${status} | ${t.checks.map((c) => `${c.label}: ${c.error ? `ERROR ${c.error.slice(0, 80)}` : c.skipped ? 'skipped' : `${c.reference}→${c.actual}${c.comparison?.ok ? '' : c.explained ? ` (${c.explained.kind})` : ' FAIL'}`}`).join('; ')}`);
    }
  }
  const problems = new Set<string>();
  const reportedOnly: string[] = [];
  for (const r of results.values())
    for (const t of r.targets)
      for (const c of t.checks) {
        for (const p of c.indexProblems ?? []) problems.add(p.replace(/^[^:]*-(esdsl|sigma)-/, '$1-'));
        if (c.comparison?.ok && c.comparison.missing.length) reportedOnly.push(`${r.name} × ${t.target} ${c.label} (misses ${c.comparison.missing.join(', ')})`);
      }
  lines.push('', `checks that held with misses reported only (partial, the target notes it may miss): ${reportedOnly.length}`, ...reportedOnly.map((x) => `  ${x}`));
  lines.push(`values the indices could not hold: ${problems.size ? [...problems].join('; ') : 'none'}`);
  const outside = [...results.values()].filter((r) => r.reference.selected < r.events.size).map((r) => `${r.name} (${r.events.size - r.reference.selected} of ${r.events.size})`);
  lines.push(`rules with events outside their data source (left out of esdsl row searches): ${outside.length ? outside.join(', ') : 'none'}`);
  lines.push('', 'per target:', ...Object.entries(tally).map(([t, m]) => `  ${t}: ${Object.entries(m).map(([k, n]) => `${k} ${n}`).join(', ')}`));
  lines.push('', `timings (ms): ${Object.entries(timings).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(lines.join('\n'));
});

function knownFor(rule: string, t: TargetParity, c: Check): Known | undefined {
  return KNOWN.find((l) => l.rule === rule && l.target === t.target && l.check === c.label);
}

const same = (a: readonly string[] | undefined, b: readonly string[]) => JSON.stringify([...(a ?? [])].sort()) === JSON.stringify([...b].sort());

/** Whether a failed comparison is exactly the reviewed, known difference. */
function isKnown(rule: string, t: TargetParity, c: Check): boolean {
  const k = knownFor(rule, t, c);
  if (!k || !c.comparison || c.comparison.ok) return false;
  if (k.kind !== 'matcher' && c.explained?.kind !== k.kind) return false;
  if (c.kind === 'rows') return k.rows === c.comparison.missing.length && k.rows === c.comparison.extra.length;
  return same(k.missing, c.comparison.missing) && same(k.extra, c.comparison.extra);
}

function hint(): string {
  const ci = process.env['CI'] === 'true' ? '\nCI=true: the engines must be started before the tests (npm run es:start, npm run oracles:setup), never skipped' : '';
  return `${engineProblem ? `Elasticsearch: ${engineProblem}` : ''}${engineProblem.includes('npm run es:start') ? '' : `\n${ES_START_HINT}`}\npySigma: ${SETUP_HINT}${ci}`;
}

describe('parity on real engines', () => {
  it('has rules to check: every fixture with an expectation, and the seed', () => {
    expect(inputs.length).toBeGreaterThanOrEqual(ruleFiles.length);
  });

  it('Elasticsearch answers (npm run es:start or ES_URL)', () => {
    expect(engineProblem, hint()).toBe('');
  });

  it('every known difference listed still occurs', () => {
    for (const l of KNOWN.filter((k) => inputs.some((i) => i.name === k.rule))) {
      const r = results.get(l.rule);
      const c = r?.targets.find((t) => t.target === l.target)?.checks.find((x) => x.label === l.check);
      expect(c?.comparison, `${l.rule} × ${l.target} ${l.check}`).toBeDefined();
      expect(c!.comparison!.ok, `${l.rule} × ${l.target} ${l.check}: listed in KNOWN but it holds now: remove it`).toBe(false);
    }
  });

  describe.each(inputs.map((i) => [i.name] as const))('%s', (name) => {
    it.each(TARGETS.map((t) => [t] as const))('%s', (target) => {
      const r = results.get(name);
      expect(r, `no result for ${name}: the run did not complete\n${hint()}`).toBeDefined();
      const t = r!.targets.find((x) => x.target === target)!;
      expect(t).toBeDefined();
      const problems: string[] = [];
      for (const c of t.checks) {
        if (c.error !== undefined) {
          problems.push(describeFailure(r!, t, c) + (/Elasticsearch answers|oracles:setup|\.venv/.test(c.error) ? `\n${hint()}` : ''));
          continue;
        }
        if (!c.comparison || c.comparison.ok) continue;
        if (isKnown(name, t, c)) continue;
        const k = knownFor(name, t, c);
        const listed = k ? `\n  (KNOWN lists this check with other differences: ${k.kind}, missing ${k.missing?.join(',') ?? '-'}, extra ${k.extra?.join(',') ?? '-'}, rows ${k.rows ?? '-'})` : '';
        const explained = c.explained ? `\n  (explained by parity.ts as ${c.explained.kind}: review it and list it in KNOWN with its ids)` : '';
        problems.push(describeFailure(r!, t, c) + listed + explained);
      }
      expect(problems.join('\n\n'), `${name} × ${target}`).toBe('');
      expect(failing(t.status) ? t.checks.every((c) => c.error === undefined) : true).toBe(true);
    });
  });
});
