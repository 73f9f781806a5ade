/**
 * pySigma checks the Sigma target (oracle: test/oracles/pysigma/oracle.py, environment: `npm run oracles:setup`).
 *
 * For every rule of examples/ and test/fixtures/rules/, converted with the `sigma` target and the `sigma` profile:
 *  1. the Sigma text loads in pySigma (as a SigmaCollection, every condition parsed) with no error;
 *  2. pySigma's core validators find nothing (ALLOWED_FINDINGS: none so far);
 *  3. pySigma's Elasticsearch backend (LuceneBackend, no pipeline) writes a Lucene query for each detection rule
 *     (BACKEND_LIMITS: what pySigma-backend-elasticsearch itself cannot convert); correlation rules are reported;
 *  4. parity: for a rule with test/fixtures/expect/<rule>.json, the events the oracle's matcher selects among the
 *     expectation's events (keys renamed to Sigma names with Profile.field()) agree with the target's verdict:
 *     `exact` → the expected set, `superset` → a superset of it, `partial`/`unsupported` → reported only.
 *     pySigma has no event matcher: the oracle evaluates pySigma's condition tree with the SigmaHQ SQLite backend
 *     (its `matcher.semantics` says how); MATCHER_LIMITS lists where that reading, not the Sigma, differs.
 *
 * A missing .venv fails every test with the setup command (never a skip), under CI=true or not.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runFrontend } from '../../src/ir/lower/index.js';
import { loadRuleText } from '../../src/load/index.js';
import { loadMacros } from '../../src/macros/index.js';
import { loadProfile, type Profile } from '../../src/targets/profile.js';
import { sigma } from '../../src/targets/sigma/index.js';
import type { Fidelity } from '../../src/targets/types.js';
import { runPysigma, SETUP_HINT, type PysigmaEvent, type PysigmaRuleResult } from '../../src/verify/pysigma.js';

const RULE_DIRS = ['examples', 'test/fixtures/rules'];
const RULE_EXT = /\.(ya?ml|spl|txt)$/i;
const EVENTS_DIR = 'test/fixtures/events';
const EXPECT_DIR = 'test/fixtures/expect';
/** Rules whose expectation has another name (test/fixtures/expect/README.md). */
const EXPECT_ALIAS: Readonly<Record<string, string>> = { psexec_service_creation: 'psexec-service-creation.catalog' };

/** Validator findings accepted, each with why. None: pySigma's core validators find nothing in any output. */
const ALLOWED_FINDINGS: readonly { rule: string; validator: string; why: string }[] = [];

/** Lucene backend errors accepted: what pySigma-backend-elasticsearch 2.1.1 cannot convert, however it is written. */
const BACKEND_LIMITS: readonly { pattern: RegExp; why: string }[] = [
  {
    pattern: /NotImplementedError: Case-sensitive string matching is not supported by backend/,
    why:
      'the Lucene backend rejects `|cased` on a plain value (it accepts `|contains|cased`, `|startswith|cased`, …): ' +
      'SPL `where f="v"` / `CASE(v)` equality has no Lucene form through pySigma (reported as a Sigma output problem)',
  },
];

/** Parity differences that come from the oracle's matcher, not from the Sigma text (each is also a question for the target). */
const MATCHER_LIMITS: readonly { rule: string; ids: readonly string[]; why: string }[] = [
  {
    rule: 'unicode-casefold',
    ids: ['proc-unicode-upper'],
    why:
      'the matcher compares case-insensitively the way SQLite (and Zircolite) do: ASCII letters only, so `corp\\josé` ' +
      'does not match `CORP\\JOSÉ`. The Sigma spec says "case-insensitive" without saying whether non-ASCII letters fold; ' +
      'the `exact` verdict assumes a consumer that folds them (reported as a question about the verdict)',
  },
];

type Value = string | number | boolean | null;
type SplEvent = Record<string, Value | Value[]>;
interface Expectation {
  events: string[];
  matches: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Rules → Sigma

const profileResult = loadProfile('sigma');
if (!profileResult.ok) throw new Error('the sigma profile does not load');
const profile = profileResult.value;
const macros = await loadMacros('examples/macros.conf');
if (!macros.ok) throw new Error('examples/macros.conf does not load');

const ruleFiles = RULE_DIRS.flatMap((d) =>
  readdirSync(d)
    .filter((f) => RULE_EXT.test(f))
    .sort()
    .map((f) => join(d, f)),
);
const ruleName = (file: string): string => basename(file).replace(RULE_EXT, '');

interface Converted {
  file: string;
  name: string;
  sigma: string;
  fidelity: Fidelity;
  error?: string;
}

const converted: Converted[] = ruleFiles.map((file) => {
  const name = ruleName(file);
  const loaded = loadRuleText(file, readFileSync(file, 'utf8'));
  if (!loaded.ok || !loaded.value[0]) return { file, name, sigma: '', fidelity: 'unsupported', error: `does not load: ${loaded.diagnostics.map((d) => d.message).join('; ')}` };
  const { rule } = runFrontend(loaded.value[0], { macros: macros.value });
  try {
    const r = sigma.convert(rule, { profile, strict: false });
    return { file, name, sigma: r.output, fidelity: r.fidelity };
  } catch (e) {
    return { file, name, sigma: '', fidelity: 'unsupported', error: `sigma target threw: ${(e as Error).message}` };
  }
});

// ---------------------------------------------------------------------------------------------------------------
// Events, renamed to Sigma field names

/** An event with the profile's field names; keys that map to one name (host, dest → Computer) merge into a list. */
function toSigmaEvent(e: SplEvent, p: Profile): PysigmaEvent {
  const out: Record<string, Value | Value[]> = {};
  for (const [k, v] of Object.entries(e)) {
    const name = p.field(k).name;
    const prev = out[name];
    if (prev === undefined) {
      out[name] = v;
      continue;
    }
    const merged = [...(Array.isArray(prev) ? prev : [prev]), ...(Array.isArray(v) ? v : [v])];
    const unique = merged.filter((x, i) => merged.findIndex((y) => y === x) === i);
    out[name] = unique.length === 1 ? unique[0]! : unique;
  }
  return out;
}

const eventFiles = readdirSync(EVENTS_DIR)
  .filter((f) => f.endsWith('.ndjson'))
  .sort();
const allEvents: { file: string; id: string; event: PysigmaEvent }[] = eventFiles.flatMap((file) =>
  readFileSync(join(EVENTS_DIR, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const e = JSON.parse(l) as SplEvent;
      return { file, id: String(e['id']), event: toSigmaEvent(e, profile) };
    }),
);

function expectationOf(name: string): Expectation | undefined {
  const path = join(EXPECT_DIR, `${EXPECT_ALIAS[name] ?? name}.json`);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Expectation) : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// The oracle, once for all rules and events

const oracle = await runPysigma({ rules: converted.map((c) => c.sigma), events: allEvents.map((e) => e.event), keywordField: '_raw' });

function requireOracle(): void {
  if (oracle.ok) return;
  const ci = process.env['CI'] === 'true' ? ' (CI=true: a missing oracle is a failure, never a skip)' : '';
  expect.fail(`${oracle.message}${ci}${oracle.message.includes(SETUP_HINT) ? '' : `\n→ ${SETUP_HINT}`}`);
}

function resultOf(i: number): PysigmaRuleResult {
  requireOracle();
  if (!oracle.ok) throw new Error('unreachable');
  return oracle.report.results[i]!;
}

// ---------------------------------------------------------------------------------------------------------------
// The report table

interface Row {
  rule: string;
  verdict: string;
  loads: string;
  findings: string;
  lucene: string;
  correlation: string;
  parity: string;
}
const rows = new Map<string, Row>();
const row = (c: Converted): Row => {
  let r = rows.get(c.file);
  if (!r) {
    r = { rule: c.name, verdict: c.fidelity, loads: '?', findings: '?', lucene: '?', correlation: '', parity: '—' };
    rows.set(c.file, r);
  }
  return r;
};

afterAll(() => {
  const header: Row = { rule: 'rule', verdict: 'verdict', loads: 'loads', findings: 'findings', lucene: 'lucene', correlation: 'correlation', parity: 'parity (oracle vs expected)' };
  const list = [header, ...converted.map((c) => row(c))];
  const keys = Object.keys(header) as (keyof Row)[];
  const width = Object.fromEntries(keys.map((k) => [k, Math.max(...list.map((r) => r[k].length))])) as Record<keyof Row, number>;
  const line = (r: Row) => keys.map((k) => r[k].padEnd(width[k])).join(' | ').trimEnd();
  const lines = [line(header), keys.map((k) => '-'.repeat(width[k])).join('-|-'), ...list.slice(1).map(line)];
  if (oracle.ok) {
    const { versions, validators, matcher } = oracle.report;
    lines.unshift(
      `pySigma oracle: ${Object.entries(versions).map(([k, v]) => `${k} ${v}`).join(', ')}`,
      `validators ran (${validators.ran.length}): ${validators.ran.join(', ')}`,
      `validators excluded: ${Object.entries(validators.excluded).map(([k, v]) => `${k} (${v})`).join('; ') || 'none'}`,
      `matcher: ${matcher.name}`,
    );
  } else lines.unshift(oracle.message);
  console.log(lines.join('\n'));
});

// ---------------------------------------------------------------------------------------------------------------

describe('pySigma oracle', () => {
  it('reports a missing environment as a value naming the setup command', async () => {
    const r = await runPysigma({ rules: [] }, { root: join(process.cwd(), 'test', 'fixtures', 'no-such-root') });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe('no-venv');
    expect(r.message).toContain('npm run oracles:setup');
  });

  it('is set up (npm run oracles:setup)', () => {
    requireOracle();
    if (!oracle.ok) return;
    expect(oracle.report.validators.ran.length).toBeGreaterThanOrEqual(20);
    expect(oracle.report.versions['pySigma']).toBeDefined();
  });

  it('converts every rule to Sigma', () => {
    expect(converted.filter((c) => c.error).map((c) => `${c.file}: ${c.error}`)).toEqual([]);
    expect(converted.length).toBeGreaterThanOrEqual(40);
  });
});

describe.each(converted.map((c, i) => [c.file, c, i] as const))('%s', (_file, c, i) => {
  it('loads in pySigma with no error', () => {
    const r = resultOf(i);
    row(c).loads = r.loaded ? 'yes' : 'NO';
    expect(r.errors, c.sigma).toEqual([]);
    expect(r.loaded).toBe(true);
  });

  it('passes pySigma validators', () => {
    const r = resultOf(i);
    const allowed = (f: { validator: string }) => ALLOWED_FINDINGS.some((a) => a.rule === c.name && a.validator === f.validator);
    const left = r.validators.findings.filter((f) => !allowed(f));
    row(c).findings = r.validators.findings.length === 0 ? '0' : `${left.length} (+${r.validators.findings.length - left.length} allowed)`;
    expect(left.map((f) => `${f.validator}: ${f.issue} (${f.severity}) ${f.description} ${f.detail}`), c.sigma).toEqual([]);
  });

  it('converts to Lucene with pySigma-backend-elasticsearch', () => {
    const r = resultOf(i);
    const known = r.backendErrors.filter((e) => BACKEND_LIMITS.some((l) => l.pattern.test(e)));
    const unknown = r.backendErrors.filter((e) => !known.includes(e));
    row(c).lucene = r.lucene && r.lucene.length > 0 && r.backendErrors.length === 0 ? 'yes' : known.length > 0 ? 'no: backend limit (|cased)' : 'NO';
    if (r.correlations.length > 0)
      row(c).correlation = r.correlations.map((x) => `${x.type}: lucene ${x.luceneError ? 'unsupported' : 'yes'}, esql ${x.esql ? 'yes' : 'no'}`).join('; ');
    expect(unknown, c.sigma).toEqual([]);
    if (known.length === 0) expect(r.lucene?.length ?? 0, c.sigma).toBeGreaterThan(0);
  });

  const x = expectationOf(c.name);
  if (x) it('matches the expected events as its verdict says (pySigma condition tree)', () => {
    const r = resultOf(i);
    const exp = x;
    const domain = new Set(allEvents.map((e, k) => (exp.events.includes(e.file) ? k : -1)).filter((k) => k >= 0));
    const got = r.matches === null ? null : new Set(r.matches.filter((k) => domain.has(k)).map((k) => allEvents[k]!.id));
    if (got === null) {
      row(c).parity = `not evaluated: ${r.matcherErrors.join('; ')}`;
      expect.fail(`the matcher could not evaluate the rule: ${r.matcherErrors.join('; ')}`);
      return;
    }
    expect(r.matcherErrors).toEqual([]);
    const want = new Set(exp.matches);
    const missing = [...want].filter((id) => !got.has(id));
    const extra = [...got].filter((id) => !want.has(id));
    const limit = MATCHER_LIMITS.find((l) => l.rule === c.name);
    const excused = (ids: string[]) => ids.filter((id) => !(limit?.ids.includes(id) ?? false));
    const ids = (l: string[]) => (l.length > 3 ? `${l.slice(0, 3).join(',')},… (${l.length})` : l.join(','));
    const diff = [missing.length ? `missing ${ids(missing)}` : '', extra.length ? `extra ${ids(extra)}` : ''].filter(Boolean).join('; ');
    const ok = c.fidelity === 'exact' ? excused(missing).length === 0 && excused(extra).length === 0 : c.fidelity === 'superset' ? excused(missing).length === 0 : true;
    const rel = c.fidelity === 'exact' ? '=' : c.fidelity === 'superset' ? '⊇' : 'report';
    row(c).parity = `${rel} ${got.size}/${want.size}${diff ? ` (${diff})` : ''}${ok ? '' : ' FAIL'}${limit && diff ? ' [matcher limit]' : ''}`;
    if (c.fidelity === 'exact') {
      expect(excused(missing), `exact: expected events the Sigma rule misses\n${c.sigma}`).toEqual([]);
      expect(excused(extra), `exact: events the Sigma rule matches beyond the expectation\n${c.sigma}`).toEqual([]);
    } else if (c.fidelity === 'superset') {
      expect(excused(missing), `superset: expected events the Sigma rule misses\n${c.sigma}`).toEqual([]);
    }
  });
});
